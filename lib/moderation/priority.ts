import type { Pool, PoolClient } from "pg";
import { pool } from "@/lib/db";
import type { ModelInfo } from "@/lib/scoring";

/**
 * Review priority (higher = sooner), documented in the README:
 *
 *   priority = 0.45 · incivility
 *            + 0.25 · severity      max over attributes of score × weight:
 *                                   threat 1.0, identity attack 0.9, insult 0.6,
 *                                   profanity 0.5, hostility 0.4, shouting 0.2
 *            + 0.10 · thread heat   share of uncivil comments in the thread's last 48 h
 *            + 0.10 · history       the commenter's removed share: (rejected + deleted/spam
 *                                   at source) / (decided + deleted/spam + 2)
 *            + 0.10 per day waiting since the comment was flagged (no cap)
 *
 * The age term grows at the same rate for every item, so the stored sort key is
 * the rest minus the age rate × flag time: ordering by it equals ordering by
 * priority now, and keyset pagination stays valid while time passes.
 */
import { PRIORITY_WEIGHTS, SEVERITY_WEIGHTS } from "./constants";

export { PRIORITY_WEIGHTS, SEVERITY_WEIGHTS };
/** Comments at or above this incivility count as uncivil for thread heat. */
export const UNCIVIL_AT = 0.5;
const AGE_PER_HOUR = PRIORITY_WEIGHTS.perDayWaiting / 24;
const HEAT_WINDOW_HOURS = 48;

/** SQL for the severity of a score row aliased `s`. */
export const SEVERITY_SQL = `GREATEST(${Object.entries(SEVERITY_WEIGHTS)
  .map(([attribute, weight]) => `COALESCE((s.attributes->>'${attribute}')::float8, 0) * ${weight}`)
  .join(", ")})`;

/** SQL turning a stored sort key (column expression) into priority now. */
export function priorityNowSql(keyColumn: string): string {
  return `(${keyColumn} + ${AGE_PER_HOUR} * extract(epoch FROM now()) / 3600)`;
}

/**
 * Recomputes the stored priority key of the given comments (flagged or escalated
 * ones; others keep theirs). Set-based: heat per thread and history per commenter
 * are computed once for all the comments' threads and commenters.
 */
export async function updatePriorities(
  commentIds: readonly number[],
  model: ModelInfo,
  client: Pool | PoolClient = pool,
): Promise<void> {
  if (!commentIds.length) return;
  // Lookups go through LATERAL subqueries on (comment_id, model, version) and
  // (thread_id, posted_at): right after a bulk import the planner's row estimates are
  // stale, and a plain join there picked a scan of every score of the model per row.
  await client.query(
    `WITH target AS MATERIALIZED (
       -- Rows another transaction holds are skipped (re-ranked by a later call): a priority
       -- refresh must never wait on, or deadlock with, a moderator's decision.
       SELECT c.id, c.thread_id, c.commenter_id, c.flagged_at FROM comment c
       WHERE c.id = ANY($1::int[]) AND c.mod_status IN ('flagged', 'escalated')
       ORDER BY c.id FOR UPDATE SKIP LOCKED
     ), heat AS MATERIALIZED (
       SELECT th.thread_id, h.heat
       FROM (SELECT DISTINCT thread_id FROM target) th
       CROSS JOIN LATERAL (SELECT max(posted_at) AS last_at FROM comment WHERE thread_id = th.thread_id) l
       CROSS JOIN LATERAL (
         SELECT avg((COALESCE(sc.incivility, 0) >= $4)::int)::float8 AS heat
         FROM comment c
         LEFT JOIN LATERAL (
           SELECT s.incivility FROM score s WHERE s.comment_id = c.id AND s.model = $2 AND s.model_version = $3
         ) sc ON true
         WHERE c.thread_id = th.thread_id AND c.posted_at > l.last_at - make_interval(hours => $5) AND c.kind = 'comment'
       ) h
     ), history AS MATERIALIZED (
       SELECT k.commenter_id, r.history
       FROM (SELECT DISTINCT commenter_id FROM target WHERE commenter_id IS NOT NULL) k
       CROSS JOIN LATERAL (
         SELECT (count(*) FILTER (WHERE c.mod_status = 'rejected' OR c.source_status IN ('deleted', 'spam')))::float8
           / (count(*) FILTER (WHERE c.mod_status IN ('approved', 'rejected') OR c.source_status IN ('deleted', 'spam')) + 2)
             AS history
         FROM comment c WHERE c.commenter_id = k.commenter_id
       ) r
     )
     UPDATE comment c SET priority =
         ${PRIORITY_WEIGHTS.incivility} * COALESCE(s.incivility, 0)
       + ${PRIORITY_WEIGHTS.severity} * COALESCE(${SEVERITY_SQL}, 0)
       + ${PRIORITY_WEIGHTS.heat} * COALESCE(h.heat, 0)
       + ${PRIORITY_WEIGHTS.history} * COALESCE(r.history, 0)
       - ${AGE_PER_HOUR} * extract(epoch FROM COALESCE(t.flagged_at, now())) / 3600
     FROM target t
     LEFT JOIN LATERAL (
       SELECT sc.incivility, sc.attributes FROM score sc
       WHERE sc.comment_id = t.id AND sc.model = $2 AND sc.model_version = $3
     ) s ON true
     LEFT JOIN heat h ON h.thread_id = t.thread_id
     LEFT JOIN history r ON r.commenter_id = t.commenter_id
     WHERE c.id = t.id`,
    [commentIds, model.name, model.version, UNCIVIL_AT, HEAT_WINDOW_HOURS],
  );
}
