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
  await client.query(
    `WITH target AS (
       SELECT c.id, c.thread_id, c.commenter_id, c.flagged_at FROM comment c
       WHERE c.id = ANY($1::int[]) AND c.mod_status IN ('flagged', 'escalated')
     ), latest AS (
       SELECT c.thread_id, max(c.posted_at) AS last_at FROM comment c
       WHERE c.thread_id IN (SELECT DISTINCT thread_id FROM target) GROUP BY c.thread_id
     ), heat AS (
       SELECT c.thread_id, avg((COALESCE(s.incivility, 0) >= $4)::int)::float8 AS heat
       FROM comment c JOIN latest l ON l.thread_id = c.thread_id
       LEFT JOIN score s ON s.comment_id = c.id AND s.model = $2 AND s.model_version = $3
       WHERE c.posted_at > l.last_at - make_interval(hours => $5) AND c.kind = 'comment'
       GROUP BY c.thread_id
     ), history AS (
       SELECT c.commenter_id,
         (count(*) FILTER (WHERE c.mod_status = 'rejected' OR c.source_status IN ('deleted', 'spam')))::float8
         / (count(*) FILTER (WHERE c.mod_status IN ('approved', 'rejected') OR c.source_status IN ('deleted', 'spam')) + 2)
           AS history
       FROM comment c WHERE c.commenter_id IN (SELECT DISTINCT commenter_id FROM target WHERE commenter_id IS NOT NULL)
       GROUP BY c.commenter_id
     )
     UPDATE comment c SET priority =
         ${PRIORITY_WEIGHTS.incivility} * COALESCE(s.incivility, 0)
       + ${PRIORITY_WEIGHTS.severity} * COALESCE(${SEVERITY_SQL}, 0)
       + ${PRIORITY_WEIGHTS.heat} * COALESCE(h.heat, 0)
       + ${PRIORITY_WEIGHTS.history} * COALESCE(r.history, 0)
       - ${AGE_PER_HOUR} * extract(epoch FROM COALESCE(t.flagged_at, now())) / 3600
     FROM target t
     LEFT JOIN score s ON s.comment_id = t.id AND s.model = $2 AND s.model_version = $3
     LEFT JOIN heat h ON h.thread_id = t.thread_id
     LEFT JOIN history r ON r.commenter_id = t.commenter_id
     WHERE c.id = t.id`,
    [commentIds, model.name, model.version, UNCIVIL_AT, HEAT_WINDOW_HOURS],
  );
}
