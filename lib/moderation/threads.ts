import { CLAIM_MINUTES, LIVE_CLAIM_SQL, THREAD_WAITING_STATUSES } from "./constants";
import { z } from "zod";
import { pool, queryPrepared } from "@/lib/db";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { settledActiveScorer, type EvidenceSpan } from "@/lib/scoring";

export type ThreadComment = {
  id: number;
  parentId: number | null;
  parentInferred: boolean;
  depth: number;
  authorName: string;
  commenterId: number | null;
  body: string;
  postedAt: string;
  postedAtEstimated: boolean;
  sourceStatus: string;
  kind: string;
  modStatus: string;
  modVersion: number;
  flagReasons: string[];
  incivility: number | null;
  sentiment: number | null;
  spans: EvidenceSpan[];
  decisions: { action: string; reason: string | null; note: string | null; by: string | null; at: string; applied: boolean }[];
};

export type ThreadView = {
  id: number;
  title: string;
  url: string | null;
  source: { key: string; name: string };
  publishedAt: string | null;
  closed: boolean;
  premoderated: boolean;
  claimedBy: { id: number; email: string; at: string } | null;
  /** Everything in the thread: its comments and its pingbacks and trackbacks. */
  total: number;
  /** Pingbacks and trackbacks among `total`: the thread lists and Insights count comments only. */
  pingbacks: number;
  /** Comments of the whole thread waiting for review (flagged or escalated), shown or not. */
  waiting: number;
  /** How many comments (in time order) come before the first one shown: a long thread is shown in part. */
  offset: number;
  truncated: boolean;
  /** Depth-first order: each comment follows its parent, siblings oldest first. */
  comments: ThreadComment[];
  /** Hours, or days for a thread longer than three days; each bucket is the instant its hour or day begins. */
  timelineUnit: "hour" | "day";
  timeline: { bucket: string; comments: number; avgSentiment: number | null; avgIncivility: number | null }[];
};

const MAX_COMMENTS = 2000;

/**
 * The thread as a tree, with scores, decisions and a sentiment/incivility timeline whose hours
 * or days are those of `timeZone` (the newsroom's). A thread of more than 2,000 comments is shown
 * in part: its first 2,000, or, with `around`, the 2,000 in time order around that comment, so a
 * link to a late comment in a long thread finds it on the page, or its latest 2,000 (`"latest"`),
 * where a busy story is heating up.
 */
export async function getThread(threadId: number, timeZone = "UTC", around?: number | "latest"): Promise<ThreadView> {
  const model = (await settledActiveScorer()).model;
  // Prepared: the thread view polls these three on every open; planning them cost as much as running them.
  const { rows: threads } = await queryPrepared(
    `SELECT t.id, t.title, t.url, t.published_at, t.closed, t.premoderated, t.claimed_at,
            src.key AS source_key, src.name AS source_name, u.id AS claimed_by_id, u.email AS claimed_by,
            n.total, n.pingbacks, n.waiting
     FROM thread t JOIN source src ON src.id = t.source_id LEFT JOIN app_user u ON u.id = t.claimed_by_id AND ${LIVE_CLAIM_SQL}
     -- One pass over the thread's comments for all three counts.
     CROSS JOIN LATERAL (
       SELECT count(*)::int AS total, count(*) FILTER (WHERE c.kind <> 'comment')::int AS pingbacks,
              count(*) FILTER (WHERE c.mod_status IN (${THREAD_WAITING_STATUSES.map((s) => `'${s}'`).join(", ")}))::int AS waiting
       FROM comment c WHERE c.thread_id = t.id
     ) n
     WHERE t.id = $1`,
    [threadId],
  );
  const thread = threads[0];
  if (!thread) throw new NotFoundError(`thread ${threadId} not found`);
  const offset =
    !around || thread.total <= MAX_COMMENTS ? 0
    : around === "latest" ? thread.total - MAX_COMMENTS
    : await windowStart(threadId, around, thread.total);
  const { rows } = await queryPrepared(
    `SELECT c.id, c.parent_id, c.parent_inferred, c.author_name, c.commenter_id, c.body, c.posted_at,
            c.posted_at_estimated, c.source_status, c.kind, c.mod_status, c.mod_version, c.flag_reasons,
            s.incivility, s.sentiment, s.spans,
            COALESCE((SELECT json_agg(json_build_object('action', d.action, 'reason', d.reason, 'note', d.note, 'by', u.email,
                        'at', d.created_at, 'applied', d.applied) ORDER BY d.id)
                      FROM decision d LEFT JOIN app_user u ON u.id = d.user_id WHERE d.comment_id = c.id), '[]') AS decisions
     -- The window is chosen from ids and times alone: the decisions and scores are looked up for the
     -- comments shown, not for every one skipped before them (98,000 of them for the latest of 100,000).
     FROM (SELECT id FROM comment WHERE thread_id = $1 ORDER BY posted_at, id LIMIT ${MAX_COMMENTS} OFFSET $4) shown
     JOIN comment c ON c.id = shown.id
     LEFT JOIN LATERAL (SELECT * FROM score sx WHERE sx.comment_id = c.id AND sx.model = $2 AND sx.model_version = $3 LIMIT 1) s ON true
     ORDER BY c.posted_at, c.id`,
    [threadId, model.name, model.version, offset],
  );
  const { rows: timeline } = await queryPrepared(
    `WITH span AS (SELECT CASE WHEN max(posted_at) - min(posted_at) > interval '3 days' THEN 'day' ELSE 'hour' END AS unit
                   FROM comment WHERE thread_id = $1 AND kind = 'comment')
     SELECT date_trunc((SELECT unit FROM span), c.posted_at, $4) AS bucket, (SELECT unit FROM span) AS unit,
            count(*)::int AS comments, avg(s.sentiment)::float8 AS avg_sentiment, avg(s.incivility)::float8 AS avg_incivility
     FROM comment c LEFT JOIN LATERAL (SELECT * FROM score sx WHERE sx.comment_id = c.id AND sx.model = $2 AND sx.model_version = $3 LIMIT 1) s ON true
     WHERE c.thread_id = $1 AND c.kind = 'comment' GROUP BY 1, 2 ORDER BY 1`,
    [threadId, model.name, model.version, timeZone],
  );
  return {
    id: thread.id,
    title: thread.title,
    url: thread.url,
    source: { key: thread.source_key, name: thread.source_name },
    publishedAt: thread.published_at?.toISOString() ?? null,
    closed: thread.closed,
    premoderated: thread.premoderated,
    claimedBy: thread.claimed_by_id
      ? { id: thread.claimed_by_id, email: thread.claimed_by, at: thread.claimed_at.toISOString() }
      : null,
    total: thread.total,
    pingbacks: thread.pingbacks,
    waiting: thread.waiting,
    offset,
    truncated: thread.total > rows.length,
    comments: treeOrder(rows.map(toComment)),
    timelineUnit: timeline[0]?.unit === "day" ? "day" : "hour",
    timeline: timeline.map((t) => ({
      bucket: t.bucket.toISOString(),
      comments: t.comments,
      avgSentiment: t.avg_sentiment,
      avgIncivility: t.avg_incivility,
    })),
  };
}

/** Where the shown part of a long thread starts so that `commentId` is in its middle (0 if it is not in the thread). */
async function windowStart(threadId: number, commentId: number, total: number): Promise<number> {
  const { rows } = await pool.query<{ before: number }>(
    `SELECT (SELECT count(*) FROM comment b WHERE b.thread_id = c.thread_id AND (b.posted_at, b.id) < (c.posted_at, c.id))::int AS before
     FROM comment c WHERE c.id = $1 AND c.thread_id = $2`,
    [commentId, threadId],
  );
  const before = rows[0]?.before;
  return before === undefined ? 0 : Math.max(0, Math.min(before - MAX_COMMENTS / 2, total - MAX_COMMENTS));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toComment(r: any): ThreadComment {
  return {
    id: r.id,
    parentId: r.parent_id,
    parentInferred: r.parent_inferred,
    depth: 0,
    authorName: r.author_name,
    commenterId: r.commenter_id,
    body: r.body,
    postedAt: r.posted_at.toISOString(),
    postedAtEstimated: r.posted_at_estimated,
    sourceStatus: r.source_status,
    kind: r.kind,
    modStatus: r.mod_status,
    modVersion: r.mod_version,
    flagReasons: r.flag_reasons,
    incivility: r.incivility,
    sentiment: r.sentiment,
    spans: r.spans ?? [],
    decisions: r.decisions.map((d: { action: string; reason: string | null; note: string | null; by: string | null; at: string; applied: boolean }) => ({
      ...d,
      at: new Date(d.at).toISOString(),
    })),
  };
}

/** Orders comments depth-first (replies under their parents) and sets each depth. Iterative: threads can be deep. */
export function treeOrder(comments: ThreadComment[]): ThreadComment[] {
  const byId = new Map(comments.map((c) => [c.id, c]));
  const children = new Map<number | null, ThreadComment[]>();
  for (const c of comments) {
    const parent = c.parentId !== null && byId.has(c.parentId) ? c.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(c);
    children.set(parent, list);
  }
  const ordered: ThreadComment[] = [];
  const stack: { comment: ThreadComment; depth: number }[] = (children.get(null) ?? [])
    .slice()
    .reverse()
    .map((comment) => ({ comment, depth: 0 }));
  const seen = new Set<number>();
  while (stack.length) {
    const { comment, depth } = stack.pop()!;
    if (seen.has(comment.id)) continue; // a parent cycle in bad data must not loop forever
    seen.add(comment.id);
    ordered.push({ ...comment, depth });
    const kids = children.get(comment.id) ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ comment: kids[i]!, depth: depth + 1 });
  }
  // Comments caught in a cycle are still shown, at the top level.
  for (const c of comments) if (!seen.has(c.id)) ordered.push({ ...c, depth: 0 });
  return ordered;
}

export const threadStateSchema = z
  .object({
    closed: z.boolean().optional(),
    premoderated: z.boolean().optional(),
  })
  .refine((s) => s.closed !== undefined || s.premoderated !== undefined, "say what to change: closed or premoderated");

/** What a change of a thread's state did, in the words of the activity log (nothing when it was so already). */
export type ThreadStateChange = "closed a thread" | "reopened a thread" | "pre-moderated a thread" | "stopped pre-moderating a thread";

/**
 * Closes a thread or puts it under pre-moderation (every comment imported from then on waits for
 * review; `premoderated_at` says since when). Returns what changed.
 */
export async function setThreadState(threadId: number, state: z.input<typeof threadStateSchema>): Promise<ThreadStateChange[]> {
  const data = threadStateSchema.parse(state);
  const { rows } = await pool.query<{ was_closed: boolean; was_premoderated: boolean; closed: boolean; premoderated: boolean }>(
    `WITH before AS (SELECT id, closed, premoderated FROM thread WHERE id = $1 FOR UPDATE)
     UPDATE thread t SET closed = COALESCE($2, t.closed), premoderated = COALESCE($3, t.premoderated),
       premoderated_at = CASE WHEN NOT COALESCE($3, t.premoderated) THEN NULL
                              WHEN t.premoderated THEN t.premoderated_at ELSE now() END,
       updated_at = now()
     FROM before WHERE t.id = before.id
     RETURNING before.closed AS was_closed, before.premoderated AS was_premoderated, t.closed, t.premoderated`,
    [threadId, data.closed ?? null, data.premoderated ?? null],
  );
  const row = rows[0];
  if (!row) throw new NotFoundError(`thread ${threadId} not found`);
  const changes: ThreadStateChange[] = [];
  if (row.closed !== row.was_closed) changes.push(row.closed ? "closed a thread" : "reopened a thread");
  if (row.premoderated !== row.was_premoderated) changes.push(row.premoderated ? "pre-moderated a thread" : "stopped pre-moderating a thread");
  return changes;
}


/** Claims a thread for one moderator so two don't work the same one. */
export async function claimThread(threadId: number, userId: number): Promise<void> {
  const { rowCount } = await pool.query(
    `UPDATE thread SET claimed_by_id = $2, claimed_at = now()
     WHERE id = $1 AND (claimed_by_id IS NULL OR claimed_by_id = $2 OR claimed_at < now() - make_interval(mins => $3))`,
    [threadId, userId, CLAIM_MINUTES],
  );
  if (!rowCount) {
    const { rows } = await pool.query(
      "SELECT u.email FROM thread t JOIN app_user u ON u.id = t.claimed_by_id WHERE t.id = $1",
      [threadId],
    );
    if (!rows[0]) throw new NotFoundError(`thread ${threadId} not found`);
    throw new ConflictError(`${rows[0].email} is working on this thread`);
  }
}

/** Releases one's own claim. A claim that lapsed and was taken by someone else is theirs now: refused, naming them. */
export async function releaseThread(threadId: number, userId: number): Promise<void> {
  const { rowCount } = await pool.query("UPDATE thread SET claimed_by_id = NULL, claimed_at = NULL WHERE id = $1 AND claimed_by_id = $2", [
    threadId,
    userId,
  ]);
  if (rowCount) return;
  const { rows } = await pool.query<{ email: string | null }>(
    "SELECT u.email FROM thread t LEFT JOIN app_user u ON u.id = t.claimed_by_id WHERE t.id = $1",
    [threadId],
  );
  if (!rows[0]) throw new NotFoundError(`thread ${threadId} not found`);
  if (rows[0].email) throw new ConflictError(`your claim had lapsed: ${rows[0].email} is working on this thread now`);
}
