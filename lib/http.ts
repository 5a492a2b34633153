import { z } from "zod";

/** Search params as a plain object (last value wins), for zod parsing. */
export function searchParamsOf(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}

export const idParamSchema = z.object({ id: z.coerce.number().int().positive() });

/** Reads a JSON body; a malformed body is a validation error (422), not a crash. */
export async function jsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new z.ZodError([{ code: "custom", path: [], message: "the request body must be JSON", input: undefined }]);
  }
}
