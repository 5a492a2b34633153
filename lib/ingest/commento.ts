import { z } from "zod";
import type { ParseEvent, SourceStatus } from "./types";
import { ImportRejection } from "./types";
import { parseIsoInstant } from "./dates";
import { httpUrl } from "./canonical-url";

/**
 * Where each `"key": "value"` first appears in a JSON text, found in one pass so
 * that naming every record's line stays linear. A value not found points at line 1.
 */
export function keyLines(text: string, key: string): (value: string) => number {
  const lines = new Map<string, number>();
  const pattern = new RegExp(`"${key}"\\s*:\\s*("(?:[^"\\\\\\n]|\\\\.)*")`, "g");
  let line = 1;
  let counted = 0;
  for (const m of text.matchAll(pattern)) {
    for (let i = text.indexOf("\n", counted); i >= 0 && i < m.index; i = text.indexOf("\n", i + 1)) line++;
    counted = m.index;
    let value: string;
    try {
      value = JSON.parse(m[1]!) as string;
    } catch {
      continue;
    }
    if (!lines.has(value)) lines.set(value, line);
  }
  return (value) => lines.get(value) ?? 1;
}

/** Parses a whole JSON document, naming the line of a syntax error. */
export function parseJsonDocument(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const position = Number(message.match(/position (\d+)/)?.[1]);
    // Cut short, the text runs out where a value should go on: V8 then names the end, or no position at all.
    if (Number.isFinite(position) ? position >= text.length : /end of JSON input/.test(message)) {
      const lastLine = text.trimEnd().split("\n").length;
      throw new ImportRejection(file, lastLine, `the file ends before its JSON is complete; is it cut short? (${message})`);
    }
    throw new ImportRejection(file, Number.isFinite(position) ? text.slice(0, position).split("\n").length : 1, `the file is not valid JSON (${message})`);
  }
}

const commentSchema = z.object({
  commentHex: z.string().min(1),
  domain: z.string().min(1),
  url: z.string(),
  commenterHex: z.string().min(1),
  markdown: z.string(),
  html: z.string().optional(),
  parentHex: z.string().min(1),
  state: z.string(),
  creationDate: z.string(),
  deleted: z.boolean().optional(),
});
const exportSchema = z.object({
  comments: z.array(z.unknown()),
  commenters: z
    .array(z.object({ commenterHex: z.string(), name: z.string().optional(), email: z.string().optional() }).loose())
    .default([]),
});

const STATES: Record<string, SourceStatus> = { approved: "visible", unapproved: "pending", flagged: "pending" };

/**
 * Commento's JSON export: comments with a domain and page path, replies naming
 * their parent by hex id (a reply may come before its parent), commenters in a
 * separate list. Each domain is its own source, `commento:<domain>`.
 */
export function* parseCommento(text: string, file: string): Generator<ParseEvent> {
  const doc = exportSchema.safeParse(parseJsonDocument(text, file));
  if (!doc.success) throw new ImportRejection(file, 1, "a Commento export needs a \"comments\" list (and a \"commenters\" list)");
  const commenters = new Map(doc.data.commenters.map((c) => [c.commenterHex, c]));
  const threads = new Set<string>();
  const lineOf = keyLines(text, "commentHex");
  const unknownStates = new Set<string>();
  for (const raw of doc.data.comments) {
    const hex = typeof raw === "object" && raw && "commentHex" in raw ? String(raw.commentHex) : "";
    const line = hex ? lineOf(hex) : 1;
    const parsed = commentSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.length ? `${issue.path.join(".")} ` : "";
      throw new ImportRejection(file, line, `comment ${hex || "without commentHex"}: ${field}${issue.message}`);
    }
    const c = parsed.data;
    const postedAt = parseIsoInstant(c.creationDate);
    if (!postedAt) throw new ImportRejection(file, line, `comment ${c.commentHex}: "${c.creationDate}" is not an ISO 8601 time`);
    const sourceKey = `commento:${c.domain}`;
    const threadKey = `${c.domain}${c.url}`;
    if (!threads.has(`${sourceKey} ${threadKey}`)) {
      threads.add(`${sourceKey} ${threadKey}`);
      yield { type: "thread", sourceKey, line, thread: { key: threadKey, title: c.url || c.domain, url: httpUrl(`https://${c.domain}${c.url}`) } };
    }
    const anonymous = c.commenterHex === "anonymous";
    const person = commenters.get(c.commenterHex);
    let status = STATES[c.state];
    if (!status) {
      unknownStates.add(c.state);
      status = "pending";
    }
    yield {
      type: "comment",
      sourceKey,
      line,
      comment: {
        sourceCommentId: c.commentHex,
        threadKey,
        parentSourceId: c.parentHex === "root" ? null : c.parentHex,
        authorKey: anonymous ? "" : `commenter:${c.commenterHex}`,
        authorName: anonymous ? "Anonymous" : person?.name?.trim() || "Unknown",
        authorEmail: person?.email?.trim().toLowerCase() || null,
        authorAnonymous: anonymous,
        body: c.markdown.trim(),
        bodyHtml: c.html?.trim() || null,
        postedAt,
        sourceStatus: c.deleted ? "deleted" : status,
        kind: "comment",
      },
    };
  }
  if (unknownStates.size) yield { type: "note", message: `unknown comment states (${[...unknownStates].join(", ")}) were read as pending` };
}
