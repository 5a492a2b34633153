import type { Pool, PoolClient } from "pg";

/** One comment the newsroom has, in effect, labelled. */
export type SiteLabel = { id: number; body: string; uncivil: 0 | 1; origin: "decision" | "source" };

/** At most this many labels (the newest comments) are read, to bound memory and time. */
export const MAX_LABELS = 200_000;

/**
 * Labels from the newsroom's own moderation: a moderator's latest approve (0) or
 * reject (1) wins; otherwise the source's verdict: deleted, spam or held as
 * pending (1), published (0). A later "restore" undoes a decision, so the
 * comment falls back to its source verdict. Pingbacks and trackbacks are left out.
 */
export async function readSiteLabels(client: Pool | PoolClient, limit = MAX_LABELS): Promise<SiteLabel[]> {
  const { rows } = await client.query<{ id: number; body: string; uncivil: number; decided: boolean }>(
    `WITH latest AS (
       SELECT DISTINCT ON (d.comment_id) d.comment_id, d.action
       FROM decision d
       WHERE d.applied AND d.user_id IS NOT NULL AND d.action IN ('approve', 'reject', 'restore')
       ORDER BY d.comment_id, d.id DESC
     )
     SELECT c.id, c.body,
            CASE WHEN l.action = 'reject' THEN 1
                 WHEN l.action = 'approve' THEN 0
                 WHEN c.source_status IN ('deleted', 'spam', 'pending') THEN 1
                 ELSE 0 END AS uncivil,
            l.action IN ('approve', 'reject') AS decided
     FROM comment c
     LEFT JOIN latest l ON l.comment_id = c.id
     WHERE c.kind = 'comment'
     ORDER BY c.id DESC
     LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({ id: r.id, body: r.body, uncivil: r.uncivil ? 1 : 0, origin: r.decided ? "decision" : "source" }));
}

/** Every fourth comment (by a fixed hash of its id) is held back to judge the fit. */
export function isHeldBack(id: number): boolean {
  return (Math.imul(id, 2654435761) >>> 0) % 4 === 0;
}
