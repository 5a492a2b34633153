import { z } from "zod";
import type { ParseEvent } from "./types";
import { ImportRejection } from "./types";
import { parseUtcDateTime } from "./dates";
import { keyLines, parseJsonDocument } from "./commento";

const commentSchema = z.object({
  id: z.union([z.number(), z.string()]),
  author: z.string().nullish(),
  email: z.string().nullish(),
  remote_addr: z.string().nullish(),
  created: z.string(),
  text: z.string(),
  parent: z.union([z.number(), z.string()]).nullish(),
});
const threadSchema = z.object({ id: z.string().min(1), title: z.string().nullish(), comments: z.array(z.unknown()) });

/** isso writes titles form-encoded ("Nat+%26+Miguel"). */
function decodeTitle(title: string): string {
  try {
    return decodeURIComponent(title.replace(/\+/g, " "));
  } catch {
    return title;
  }
}

/**
 * Lines of comments, asked for in file order: where each one's `"id": <id>` key is, searched
 * after the previous comment's (a bare id would match inside dates and texts). Once an id cannot
 * be found (written as 2.0 or with escapes), that comment and all later ones get `fallback`:
 * searching on would read the rest of the file for every comment.
 */
function commentLines(text: string): (id: unknown, fallback: number) => number {
  let from = 0;
  let line = 1;
  let counted = 0;
  return (id, fallback) => {
    if (typeof id !== "number" && typeof id !== "string") return fallback;
    const literal = JSON.stringify(id).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const pattern = new RegExp(`"id"\\s*:\\s*${literal}\\s*[,}]`, "g");
    pattern.lastIndex = from;
    const match = pattern.exec(text);
    if (!match) {
      from = text.length;
      return fallback;
    }
    for (let i = text.indexOf("\n", counted); i >= 0 && i < match.index; i = text.indexOf("\n", i + 1)) line++;
    counted = match.index;
    from = pattern.lastIndex;
    return line;
  };
}

/**
 * isso's generic JSON import format: a list of threads (`id` = page path) with
 * their comments. Comment ids restart in every thread, so they are keyed by
 * thread + id. Times carry no zone and are read as UTC.
 */
export function* parseIsso(text: string, file: string): Generator<ParseEvent> {
  const doc = parseJsonDocument(text, file);
  if (!Array.isArray(doc)) throw new ImportRejection(file, 1, "an isso export is a list of threads");
  yield { type: "source", source: { key: "isso", name: "isso", platform: "isso" } };
  let comments = 0;
  const lineOf = keyLines(text, "id");
  const commentLine = commentLines(text);
  for (const rawThread of doc) {
    const thread = threadSchema.safeParse(rawThread);
    if (!thread.success) throw new ImportRejection(file, 1, "every thread in an isso export needs an \"id\" and a \"comments\" list");
    const t = thread.data;
    const threadLine = lineOf(t.id);
    yield { type: "thread", line: threadLine, thread: { key: t.id, title: decodeTitle(t.title ?? "") || t.id } };
    for (const raw of t.comments) {
      const parsed = commentSchema.safeParse(raw);
      const rawId = (raw as { id?: unknown } | null)?.id;
      const line = commentLine(rawId, threadLine);
      const which = typeof rawId === "number" || typeof rawId === "string" ? `comment ${rawId} of thread ${t.id}` : `a comment of thread ${t.id}`;
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new ImportRejection(file, line, `${which}: ${issue.path.join(".")} ${issue.message}`);
      }
      const c = parsed.data;
      const postedAt = parseUtcDateTime(c.created);
      if (!postedAt) throw new ImportRejection(file, line, `${which}: "${c.created}" is not a date`);
      const name = c.author?.trim() ?? "";
      const email = c.email?.trim().toLowerCase() ?? "";
      comments++;
      yield {
        type: "comment",
        line,
        comment: {
          sourceCommentId: `${t.id}#${c.id}`,
          threadKey: t.id,
          parentSourceId: c.parent === null || c.parent === undefined ? null : `${t.id}#${c.parent}`,
          authorKey: name || email ? `guest:${name.toLowerCase()}${email ? `<${email}>` : ""}` : "",
          authorName: name || "Anonymous",
          authorEmail: email || null,
          authorIp: c.remote_addr?.trim() || null,
          body: c.text.trim(),
          postedAt,
          sourceStatus: "visible",
          kind: "comment",
        },
      };
    }
  }
  if (comments) yield { type: "note", message: "isso times carry no time zone: read as UTC" };
}
