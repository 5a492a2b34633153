import type { Pool, PoolClient } from "pg";
import { pool } from "@/lib/db";
import type { ModelInfo } from "@/lib/scoring";
import { getThresholds } from "./thresholds";

/**
 * Flags unreviewed comments for the queue: incivility at or over the threshold,
 * or held as pending by the source. Each flag is logged as a system decision.
 * Set-based: one statement for any number of comments. Returns how many were flagged.
 */
export async function flagComments(
  commentIds: readonly number[],
  model: ModelInfo,
  client: Pool | PoolClient = pool,
): Promise<number> {
  if (!commentIds.length) return 0;
  const { incivility } = await getThresholds(client);
  const { rowCount } = await client.query(
    `WITH candidates AS (
       SELECT c.id, c.mod_version, s.incivility,
         array_remove(ARRAY[
           CASE WHEN s.incivility >= $4 THEN 'over threshold' END,
           CASE WHEN c.source_status = 'pending' THEN 'pending at source' END
         ], NULL) AS reasons
       FROM comment c
       LEFT JOIN score s ON s.comment_id = c.id AND s.model = $2 AND s.model_version = $3
       WHERE c.id = ANY($1::int[]) AND c.mod_status = 'none' AND c.kind = 'comment'
         AND (s.incivility >= $4 OR c.source_status = 'pending')
     ), flagged AS (
       UPDATE comment c SET mod_status = 'flagged', mod_version = c.mod_version + 1,
         priority = COALESCE(k.incivility, 0), flag_reasons = k.reasons, flagged_at = now()
       FROM candidates k WHERE c.id = k.id
       RETURNING c.id, k.mod_version AS previous_version, k.reasons
     )
     INSERT INTO decision (comment_id, action, reason, previous_status, new_status, previous_version, via)
     SELECT id, 'flag', array_to_string(reasons, '; '), 'none', 'flagged', previous_version, 'system' FROM flagged`,
    [commentIds, model.name, model.version, incivility],
  );
  return rowCount ?? 0;
}
