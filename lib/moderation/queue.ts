import { createHash } from "node:crypto";
import { LIVE_CLAIM_SQL, THRESHOLD_OFF } from "./constants";
import { z } from "zod";
import { pool, queryPrepared } from "@/lib/db";
import { ConflictError } from "@/lib/errors";
import { settledActiveScorer, type EvidenceSpan } from "@/lib/scoring";
import { getThresholds } from "./thresholds";
import { getTimezone } from "@/lib/analytics/timezone";
import { PRIORITY_WEIGHTS, SEVERITY_SQL, priorityNowSql } from "./priority";
import { decodeCursor, encodeCursor, filterSql, queueFilterSchema, sortOf, type QueueFilter, type QueueStatus } from "./queue-filter";

export { QUEUE_STATUSES, queueFilterSchema, type QueueFilter, type QueueStatus } from "./queue-filter";

export const queueQuerySchema = queueFilterSchema
  .extend({
    after: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((q) => !q.after || isQueueCursor(q.after, q.status), {
    message: "not a cursor of this queue: pass back the \"next\" of the page before, with the same filters",
    path: ["after"],
  });
export type QueueQuery = z.input<typeof queueQuerySchema>;

/** Whether `after` is a cursor of this queue's order (one from another queue, or forged, is not). */
export function isQueueCursor(after: string, status: QueueStatus): boolean {
  return after.length <= 200 && decodeCursor(after, sortOf(status).type) !== null;
}

export type QueueItem = {
  id: number;
  modStatus: string;
  modVersion: number;
  priority: number;
  /** What the priority is made of, so moderators can see why an item is where it is. */
  breakdown: { incivility: number; severity: number; waitingDays: number };
  flagReasons: string[];
  authorName: string;
  commenterId: number | null;
  body: string;
  postedAt: string;
  sourceStatus: string;
  parentInferred: boolean;
  thread: { id: number; title: string; claimedBy: string | null; premoderated: boolean };
  /** For an escalated comment, the note its escalation carried (what the senior editor should look at). */
  escalationNote: string | null;
  score: {
    incivility: number;
    sentiment: number;
    sentimentLabel: string;
    attributes: Record<string, number>;
    spans: EvidenceSpan[];
  } | null;
};

/** SQL for a filter; settings are read only when the filter needs them (most requests don't). */
export async function filterFor(filter: QueueFilter, params: unknown[]): Promise<string> {
  const threshold = filter.attribute ? attributeFilterThreshold((await getThresholds())[filter.attribute]) : 0;
  const timezone = filter.from || filter.to ? await getTimezone() : "UTC";
  return filterSql(filter, params, threshold, timezone);
}

/**
 * The score at which the attribute filter counts a comment: the attribute's flag threshold, or
 * the model's 0.5 when flagging on it is off (at 100% the filter would find nothing).
 */
function attributeFilterThreshold(flagThreshold: number): number {
  return flagThreshold >= THRESHOLD_OFF ? 0.5 : flagThreshold;
}

/** Page sizes the queue's statement is prepared for: any other size reads the next one up and shows its own. */
const LIMIT_STEPS = [10, 25, 50, 100, 200] as const;

/**
 * Rows to read for a page of `limit` (one more, to know whether a next page exists), rounded up to
 * a step: the limit is a literal of the prepared statement's text, and a client cycling through
 * 200 page sizes would otherwise leave 200 statements per filter on every pooled connection.
 */
export function fetchLimit(limit: number): number {
  return (LIMIT_STEPS.find((step) => step >= limit) ?? limit) + 1;
}

/**
 * One page of a queue with keyset pagination on (sort value, id), so deep pages
 * cost what the first one does at millions of rows, as the JSON text of
 * `{ items: QueueItem[], next }`. Every moderator's queue polls this, so the page
 * is written as text: the stored JSON columns and reason list come from PostgreSQL
 * already as JSON, instead of being parsed into objects only to be serialised again.
 * With the statement prepared, this took the API's CPU per page from about 2.2 to
 * 1.7 ms in the web server and from 2.1 to 1.0 ms in PostgreSQL.
 */
export async function queuePageJson(query: QueueQuery): Promise<string> {
  const q = queueQuerySchema.parse(query);
  const model = (await settledActiveScorer()).model;
  const params: unknown[] = [model.name, model.version];
  const where = [await filterFor(q, params)];
  const sort = sortOf(q.status);
  const cursor = q.after ? decodeCursor(q.after, sort.type) : null;
  if (cursor) {
    params.push(cursor[0], cursor[1]);
    where.push(`(${sort.column}, c.id) < ($${params.length - 1}::${sort.type}, $${params.length}::int)`);
  }
  const { rows } = await queryPrepared<ItemRow>(
    `SELECT c.id, c.mod_status, c.mod_version, ${priorityNowSql("c.priority")} AS priority_now,
            ${sort.column} AS sort_value, to_json(c.flag_reasons)::text AS flag_reasons, c.author_name, c.commenter_id, c.body,
            floor(extract(epoch FROM c.posted_at) * 1000)::float8 AS posted_ms, c.source_status, c.parent_inferred,
            extract(epoch FROM now() - c.flagged_at)::float8 / 86400 AS waiting_days,
            t.id AS thread_id, t.title AS thread_title, t.premoderated, u.email AS claimed_by,
            s.incivility, s.sentiment, s.sentiment_label, s.attributes::text AS attributes, s.spans::text AS spans,
            ${SEVERITY_SQL} AS severity, esc.note AS escalation_note
     FROM comment c
     JOIN thread t ON t.id = c.thread_id
     JOIN source src ON src.id = c.source_id
     LEFT JOIN app_user u ON u.id = t.claimed_by_id AND ${LIVE_CLAIM_SQL}
     LEFT JOIN LATERAL (SELECT * FROM score sx WHERE sx.comment_id = c.id AND sx.model = $1 AND sx.model_version = $2 LIMIT 1) s ON true
     -- Looked up only for escalated comments (a one-time filter for the others).
     LEFT JOIN LATERAL (
       SELECT d.note FROM decision d
       WHERE c.mod_status = 'escalated' AND d.comment_id = c.id AND d.action = 'escalate' AND d.applied
       ORDER BY d.created_at DESC, d.id DESC LIMIT 1
     ) esc ON true
     WHERE ${where.join(" AND ")}
     ORDER BY ${sort.column} DESC, c.id DESC
     LIMIT ${fetchLimit(q.limit)}`, // a literal (validated above): as a parameter, the planner would have to assume 10% of the rows
    params,
  );
  const last = rows[q.limit - 1];
  const next = rows.length > q.limit && last ? encodeCursor(sortValue(last.sort_value), last.id) : null;
  return `{"items":[${rows.slice(0, q.limit).map(itemJson).join(",")}],"next":${JSON.stringify(next)}}`;
}

type ItemRow = {
  id: number;
  mod_status: string;
  mod_version: number;
  priority_now: number;
  sort_value: unknown;
  flag_reasons: string; // JSON text
  author_name: string;
  commenter_id: number | null;
  body: string;
  posted_ms: number;
  source_status: string;
  parent_inferred: boolean;
  waiting_days: number | null;
  thread_id: number;
  thread_title: string;
  premoderated: boolean;
  claimed_by: string | null;
  incivility: number | null;
  sentiment: number;
  sentiment_label: string;
  attributes: string; // JSON text
  spans: string; // JSON text
  severity: number | null;
  escalation_note: string | null;
};

/** A row as the JSON of a QueueItem, in its field order. */
function itemJson(r: ItemRow): string {
  const text = JSON.stringify;
  const score =
    r.incivility === null
      ? "null"
      : `{"incivility":${text(r.incivility)},"sentiment":${text(r.sentiment)},"sentimentLabel":${text(r.sentiment_label)},"attributes":${r.attributes},"spans":${r.spans}}`;
  const breakdown = {
    incivility: PRIORITY_WEIGHTS.incivility * (r.incivility ?? 0),
    severity: PRIORITY_WEIGHTS.severity * (r.severity ?? 0),
    waitingDays: r.waiting_days ?? 0,
  };
  return (
    `{"id":${r.id},"modStatus":${text(r.mod_status)},"modVersion":${r.mod_version},"priority":${text(r.priority_now)},` +
    `"breakdown":${text(breakdown)},"flagReasons":${r.flag_reasons},"authorName":${text(r.author_name)},` +
    `"commenterId":${text(r.commenter_id)},"body":${text(r.body)},"postedAt":"${new Date(r.posted_ms).toISOString()}",` +
    `"sourceStatus":${text(r.source_status)},"parentInferred":${r.parent_inferred},` +
    `"thread":${text({ id: r.thread_id, title: r.thread_title, claimedBy: r.claimed_by, premoderated: r.premoderated })},` +
    `"escalationNote":${text(r.escalation_note)},"score":${score}}`
  );
}

/** One page of a queue (see queuePageJson). */
export async function listQueue(query: QueueQuery): Promise<{ items: QueueItem[]; next: string | null }> {
  return JSON.parse(await queuePageJson(query));
}

function sortValue(value: unknown): number | string | null {
  if (value instanceof Date) return value.toISOString();
  return (value as number | null) ?? null;
}

/**
 * The FROM and WHERE of the comments a queue filter matches, with their parameters. The source
 * and the active model's score are joined only for a filter that reads them: counts taken on
 * every queue page paid for the lookups on every row before.
 */
export async function matchingComments(filter: QueueFilter): Promise<{ sql: string; params: unknown[] }> {
  const f = queueFilterSchema.parse(filter);
  const scored = f.attribute !== undefined || f.min !== undefined || f.max !== undefined;
  const model = (await settledActiveScorer()).model;
  const params: unknown[] = scored ? [model.name, model.version] : [];
  const where = await filterFor(f, params);
  const score = scored
    ? "LEFT JOIN LATERAL (SELECT * FROM score sx WHERE sx.comment_id = c.id AND sx.model = $1 AND sx.model_version = $2 LIMIT 1) s ON true"
    : "";
  // The filter reads the source only by its key; it never reads the thread (threads are filtered by id).
  const source = f.source !== undefined ? "JOIN source src ON src.id = c.source_id" : "";
  return { sql: `FROM comment c ${source} ${score} WHERE ${where}`, params };
}

/**
 * What "all matching" means at this moment: how many comments and a digest of which, at
 * which versions (md5 of "id:version" in id order). A bulk decision confirmed with the digest
 * is refused if the set changed at all, not only its size: one decided by a colleague and one
 * newly flagged would keep the count and swap a comment the moderator never saw into the set.
 */
export async function matchingSet(filter: QueueFilter): Promise<{ count: number; digest: string }> {
  const { sql, params } = await matchingComments(filter);
  params.push(MAX_MATCHING + 1);
  // Read no further than a bulk decision may go: a set it would refuse need not be digested whole.
  const { rows } = await pool.query<{ n: string; digest: string }>(
    `SELECT count(*) AS n, md5(coalesce(string_agg(m.id || ':' || m.mod_version, ',' ORDER BY m.id), '')) AS digest
     FROM (SELECT c.id, c.mod_version ${sql} LIMIT $${params.length}) m`,
    params,
  );
  const count = Number(rows[0]!.n);
  if (count > MAX_MATCHING) throw tooManyMatching();
  return { count, digest: rows[0]!.digest };
}

/** The most comments one bulk decision on "all matching" may decide. */
export const MAX_MATCHING = 100_000;

export function tooManyMatching(): ConflictError {
  return new ConflictError(`more than ${MAX_MATCHING.toLocaleString("en")} comments match: narrow the filter`);
}

/** The digest above, of rows read for a decision. */
export function setDigest(rows: readonly { id: number; mod_version: number }[]): string {
  const sorted = [...rows].sort((a, b) => a.id - b.id);
  return createHash("md5").update(sorted.map((r) => `${r.id}:${r.mod_version}`).join(",")).digest("hex");
}

/**
 * How many comments a queue holds, counted up to `cap` (a larger number reads as "cap+"): the
 * tabs show their backlog on every page view, and counting a huge queue whole would cost more
 * than the page. Returns cap + 1 when there are more.
 */
export async function countQueueUpTo(filter: QueueFilter, cap: number): Promise<number> {
  const { sql, params } = await matchingComments(filter);
  params.push(cap + 1);
  const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 ${sql} LIMIT $${params.length}) matching`, params);
  return rows[0]!.n;
}

/** How many comments match a filter, all of them. */
export async function countQueue(filter: QueueFilter): Promise<number> {
  const { sql, params } = await matchingComments(filter);
  const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n ${sql}`, params);
  return rows[0]!.n;
}
