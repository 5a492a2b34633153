import { z } from "zod";
import { dbIdText } from "./zod-fields";

/** Search params as a plain object (last value wins), for zod parsing. */
export function searchParamsOf(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}

export const idParamSchema = z.object({ id: dbIdText });

/** Reads a JSON body; a malformed body is a validation error (422), not a crash. */
export async function jsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new z.ZodError([{ code: "custom", path: [], message: "the request body must be JSON", input: undefined }]);
  }
}

/**
 * Parses a page's search params, leaving out the fields that fail instead of failing the page: a typo
 * in a URL narrows less. Returns what was left out, field by field, with zod's message, to tell the user.
 */
export function parseLeavingOut<S extends z.ZodObject>(schema: S, raw: Record<string, unknown>): { data: z.infer<S>; leftOut: Map<string, string> } {
  const leftOut = new Map<string, string>();
  // Checks across fields (from before to) run only once every field parses, so leaving out the bad
  // fields can reveal another: repeat until what is left parses (at most once per field).
  for (;;) {
    const parsed = schema.safeParse(Object.fromEntries(Object.entries(raw).filter(([k]) => !leftOut.has(k))));
    if (parsed.success) return { data: parsed.data, leftOut };
    const fresh = parsed.error.issues.filter((i) => !leftOut.has(String(i.path[0])));
    if (!fresh.length) throw parsed.error;
    for (const issue of fresh) leftOut.set(String(issue.path[0]), issue.message);
  }
}
