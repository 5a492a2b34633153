import { z } from "zod";
import { dbId, dbIdText, dbText } from "@/lib/zod-fields";
import { ATTRIBUTES } from "@/lib/scoring/types";
import { calendarDate } from "../calendar-date";
import { containsPattern, escapeLike } from "../like";

export const QUEUE_STATUSES = ["flagged", "pending", "escalated", "approved", "rejected", "all"] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];

const score = z.coerce.number().min(0).max(1);

/** Everything a queue view can be narrowed by. Shared by the page, the API and bulk "all matching". */
export const queueFilterSchema = z.object({
  status: z.enum(QUEUE_STATUSES).default("flagged"),
  source: dbText.min(1).max(200).optional(),
  thread: dbIdText.optional(),
  commenter: dbIdText.optional(),
  author: dbText.trim().min(1).max(200).optional(),
  /** Text the comment contains, ignoring case: a spam address, a phrase, a spelling of a slur. */
  text: dbText.trim().min(1).max(1000, "at most 1,000 characters").optional(),
  attribute: z.enum(ATTRIBUTES).optional(),
  min: score.optional(),
  max: score.optional(),
  from: calendarDate.optional(),
  to: calendarDate.optional(),
  /** A flag reason, matched as a prefix ("banned term", "suspect term", "pending at source", "threat"). */
  reason: dbText.trim().min(1).max(100).optional(),
});
export type QueueFilter = z.infer<typeof queueFilterSchema>;

/**
 * SQL conditions for a filter, over `c` (comment), `t` (thread), `src` (source) and
 * `s` (score of the active model). Parameters are appended to `params`.
 */
export function filterSql(filter: QueueFilter, params: unknown[], attributeThreshold: number, timezone = "UTC"): string {
  const where: string[] = [];
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  switch (filter.status) {
    case "all":
      where.push("c.kind = 'comment'");
      break;
    case "pending":
      // Pingbacks and trackbacks are never flagged nor ranked: they would sort above every ranked comment.
      where.push("c.kind = 'comment' AND c.source_status = 'pending' AND c.mod_status IN ('none', 'flagged')");
      break;
    default:
      where.push(`c.mod_status = ${add(filter.status)}::"ModStatus"`);
  }
  if (filter.source) where.push(`src.key = ${add(filter.source)}`);
  if (filter.thread) where.push(`c.thread_id = ${add(filter.thread)}`);
  if (filter.commenter) where.push(`c.commenter_id = ${add(filter.commenter)}`);
  if (filter.author) where.push(`c.author_name ILIKE ${add(containsPattern(filter.author))}`);
  if (filter.text) where.push(`c.body ILIKE ${add(containsPattern(filter.text))}`);
  if (filter.attribute) where.push(`(s.attributes->>${add(filter.attribute)})::float8 >= ${add(attributeThreshold)}`);
  if (filter.min !== undefined) where.push(`s.incivility >= ${add(filter.min)}`);
  if (filter.max !== undefined) where.push(`s.incivility <= ${add(filter.max)}`);
  // Days are the newsroom's local days, both ends included; bounds stay plain timestamps so
  // the (posted_at, id) index still serves them.
  if (filter.from) where.push(`c.posted_at >= (${add(filter.from)}::date)::timestamp AT TIME ZONE ${add(timezone)}`);
  if (filter.to) where.push(`c.posted_at < (${add(filter.to)}::date + 1)::timestamp AT TIME ZONE ${add(timezone)}`);
  if (filter.reason) {
    where.push(`EXISTS (SELECT 1 FROM unnest(c.flag_reasons) r WHERE r ILIKE ${add(`${escapeLike(filter.reason)}%`)})`);
  }
  return where.join(" AND ");
}

/**
 * Sort order of each queue: review queues by priority, decided ones by decision time,
 * "all" by time posted. Each has an ascending (…, id) index that Postgres scans
 * backwards for the DESC order and the keyset condition.
 */
export function sortOf(status: QueueStatus): { column: string; type: "float8" | "timestamptz" } {
  if (status === "approved" || status === "rejected") return { column: "c.decided_at", type: "timestamptz" };
  if (status === "all") return { column: "c.posted_at", type: "timestamptz" };
  return { column: "c.priority", type: "float8" };
}

/** Opaque keyset cursor: the last row's sort value and id. */
export function encodeCursor(value: number | string | null, id: number): string {
  return Buffer.from(JSON.stringify([value, id])).toString("base64url");
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/**
 * A cursor of a queue sorted by `type`, or null when it is not one: unreadable, forged, or
 * taken from a queue sorted by another column (a flagged queue's priority handed to the
 * approved queue, sorted by time), which the database would refuse.
 */
export function decodeCursor(cursor: string, type: ReturnType<typeof sortOf>["type"]): [number | string | null, number] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) return null;
  const [value, id] = parsed as [unknown, unknown];
  if (!dbId.safeParse(id).success) return null;
  const fits =
    value === null ||
    (type === "float8" ? typeof value === "number" && Number.isFinite(value) : typeof value === "string" && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value)));
  return fits ? [value as number | string | null, id as number] : null;
}
