import { z } from "zod";
import { dbIdText } from "./zod-fields";
import { DomainError } from "./errors";

/** Search params as a plain object (last value wins), for zod parsing. */
export function searchParamsOf(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}

export const idParamSchema = z.object({ id: dbIdText });

/** Largest JSON body taken: a bulk decision on 10,000 listed comments is about 400 KB. */
export const MAX_JSON_BYTES = 2 * 1024 * 1024;
const TOO_LARGE = `the request body is larger than ${MAX_JSON_BYTES / 1024 / 1024} MB`;

/**
 * A request's or response's text, read no further than `limit` bytes: too large a body is
 * refused with `tooLarge()`, not held in memory.
 */
export async function readTextUpTo(message: Request | Response, limit: number, tooLarge: () => Error): Promise<string> {
  if (Number(message.headers.get("content-length") ?? 0) > limit) {
    await message.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!message.body) return "";
  const reader = message.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Reads a JSON body; a malformed body is a validation error (422), too large a body 413, not a crash. */
export async function jsonBody(request: Request, limit = MAX_JSON_BYTES): Promise<unknown> {
  const text = await readTextUpTo(request, limit, () => new DomainError(TOO_LARGE, 413));
  try {
    return JSON.parse(text);
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
