import { z } from "zod";
import type { ParseEvent } from "./types";
import { ImportRejection } from "./types";
import { parseIsoInstant } from "./dates";

/**
 * The column schema of CSV and JSON lines imports (README "Importing"). It is the
 * export's schema, so an export of one installation imports into another; the
 * export's score and moderation columns are ignored.
 */
export const RECORD_COLUMNS = [
  "thread.key", "thread.title", "thread.url", "thread.source", "sourceId", "parentSourceId", "parentInferred",
  "author", "authorId", "authorEmail", "postedAt", "postedAtEstimated", "body", "bodyHtml", "sourceStatus", "kind",
] as const;
/** What the export writes beside the schema (scores, moderation, the local time): read back, it is not a stranger. */
const EXPORT_ONLY = new Set([
  "postedAtLocal", "thread.section", "sentiment.score", "sentiment.label", "model",
  "moderation.status", "moderation.reason", "moderation.decidedAt",
]);
const isExportOnly = (column: string) => EXPORT_ONLY.has(column) || column.startsWith("incivility.");

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);
/**
 * A text field's message for a value that is missing (`absent`) or of another type (JSON's 42,
 * true or a list): "is required" for `"body": 42` sent the user looking for a field that is there.
 */
const textError = (absent: string, type = "must be text") => ({ error: (issue: { input?: unknown }) => (issue.input === undefined ? absent : type) });
const optionalText = z.preprocess(blankToUndefined, z.string(textError("is required")).trim().min(1).optional());
/**
 * An id or key, as text or (JSON) a number. A number past 2^53 has already lost digits when
 * it is read (two ids would become one), so it is refused with the way to send it.
 */
function idText(v: unknown, ctx: z.RefinementCtx): string | undefined {
  if (typeof v === "number") {
    if (Number.isSafeInteger(v)) return String(v);
    ctx.addIssue({ code: "custom", message: `${v} is a number too large to read exactly: write it as a string ("...")` });
    return undefined;
  }
  const text = typeof v === "string" ? v.trim() : v;
  if (text === "" || text === null || text === undefined) return undefined;
  if (typeof text === "string") return text;
  ctx.addIssue({ code: "custom", message: "must be text or a whole number" });
  return undefined;
}
// A value idText refused has its own issue first; the string check after it adds none that shows.
const optionalId = z.preprocess((v, ctx) => idText(v, ctx), z.string().optional());
const id = z.preprocess((v, ctx) => idText(v, ctx), z.string({ error: "is required" }));
const bool = z.preprocess(
  (v) => (typeof v === "string" ? ({ true: true, false: false, "1": true, "0": false, "": undefined } as Record<string, boolean | undefined>)[v.trim().toLowerCase()] ?? v : v ?? undefined),
  z.boolean({ error: "must be true or false" }).optional(),
);

/**
 * A source key given by hand (`--source`, a `thread.source` column): report filters list
 * sources separated by commas (`source=a,b`), so a key with a comma could never be chosen.
 */
export const sourceKeySchema = z.string(textError("is required")).trim().min(1).max(100).refine((key) => !key.includes(","), "must not contain a comma (report filters list sources separated by commas)");

export const recordSchema = z
  .object({
    "thread.key": optionalId,
    "thread.title": optionalText,
    "thread.url": z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/, error: "must be an absolute http(s) address" }).optional()),
    "thread.source": z.preprocess(blankToUndefined, sourceKeySchema.optional()),
    sourceId: id,
    parentSourceId: optionalId,
    parentInferred: bool,
    author: optionalText,
    authorId: optionalId,
    authorEmail: optionalText,
    postedAt: z.preprocess(
      blankToUndefined,
      z
        .string(textError("is required", "must be text (an ISO 8601 time with a zone, e.g. 2024-05-01T10:00:00Z)"))
        .transform((v, ctx) => {
          const date = parseIsoInstant(v);
          if (!date) ctx.addIssue({ code: "custom", message: `"${v}" is not an ISO 8601 time with a zone (e.g. 2024-05-01T10:00:00Z)` });
          return date ?? new Date(0);
        }),
    ),
    // True when the time is a guess (a saved text page shows none): a later real time replaces it.
    postedAtEstimated: bool,
    body: z.preprocess((v) => v ?? undefined, z.string(textError("is required (it may be empty)"))),
    bodyHtml: optionalText,
    sourceStatus: z.preprocess(blankToUndefined, z.enum(["visible", "deleted", "spam", "pending"], { error: "must be visible, deleted, spam or pending" }).default("visible")),
    kind: z.preprocess(blankToUndefined, z.enum(["comment", "pingback", "trackback"], { error: "must be comment, pingback or trackback" }).default("comment")),
  })
  .refine((r) => r["thread.key"] || r["thread.url"], { message: "needs thread.key or thread.url", path: ["thread.key"] });

export type ImportRecord = z.infer<typeof recordSchema>;

/** Columns a header names that the schema does not know (export-only columns aside). */
export function unknownColumns(columns: readonly string[]): string[] {
  const known = new Set<string>(RECORD_COLUMNS);
  return columns.filter((c) => !known.has(c) && !isExportOnly(c));
}

/** Nested JSON ({thread: {key}}) as the flat dotted names CSV uses. */
export function flatten(value: Record<string, unknown>, prefix = ""): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date)) Object.assign(out, flatten(v as Record<string, unknown>, `${prefix}${k}.`));
    else out[`${prefix}${k}`] = v;
  }
  return out;
}

/** Validates one record (CSV row or JSON object) and turns it into parse events. */
export function recordEvents(raw: Record<string, unknown>, file: string, line: number): ParseEvent[] {
  const parsed = recordSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const column = issue.path.join(".") || "record";
    throw new ImportRejection(file, line, `${column} ${issue.message}`);
  }
  const r = parsed.data;
  const threadKey = (r["thread.key"] ?? r["thread.url"])!;
  const sourceKey = r["thread.source"];
  return [
    {
      type: "thread",
      sourceKey,
      line,
      // An empty title lets another row of the same thread give it; the writer falls back to the URL or key.
      thread: { key: threadKey, title: r["thread.title"] ?? "", url: r["thread.url"] ?? null },
    },
    {
      type: "comment",
      sourceKey,
      line,
      comment: {
        sourceCommentId: r.sourceId,
        threadKey,
        parentSourceId: r.parentSourceId ?? null,
        parentInferred: r.parentInferred ?? false,
        authorKey: r.authorId ?? r.author?.toLowerCase() ?? "",
        authorName: r.author ?? "Unknown",
        authorEmail: r.authorEmail?.toLowerCase() ?? null,
        body: r.body.trim(),
        bodyHtml: r.bodyHtml ?? null,
        postedAt: r.postedAt,
        ...(r.postedAtEstimated ? { postedAtEstimated: true } : {}),
        sourceStatus: r.sourceStatus,
        kind: r.kind,
      },
    },
  ];
}
