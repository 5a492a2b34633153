import { readPool as pool } from "@/lib/db";
import { rollupParams, SEGMENT_SQL, THREAD_SEGMENT_SQL, type InsightsFilters } from "./filters";

/** Threads need this many scored comments in the range to rank by negativity or incivility. */
export const MIN_SCORED_TO_RANK = 5;
const TOP = 10;

export type ThreadRow = {
  threadId: number;
  title: string;
  source: string;
  comments: number;
  removed: number;
  scored: number;
  avgSentiment: number | null;
  uncivilShare: number | null;
};
export type HeatBoard = { volume: ThreadRow[]; negativity: ThreadRow[]; incivility: ThreadRow[] };

export type CommenterRow = { commenterId: number; name: string; source: string; comments: number; flagged: number; removed: number };
export type CommenterBoard = { volume: CommenterRow[]; flags: CommenterRow[] };

/** The article heat board: most comments, most negative and most uncivil threads in the range. */
export async function loadHeatBoard(f: InsightsFilters): Promise<HeatBoard> {
  const { rows } = await pool.query(
    `WITH c AS (
       SELECT r.thread_id, sum(r.comments)::int AS comments, sum(r.removed)::int AS removed
       FROM rollup_thread_day r JOIN thread t ON t.id = r.thread_id WHERE ${THREAD_SEGMENT_SQL}
       GROUP BY r.thread_id HAVING sum(r.comments) > 0
     ), s AS (
       SELECT r.thread_id, sum(r.scored)::int AS scored, sum(r.sentiment_sum)::float8 AS sentiment_sum, sum(r.uncivil)::int AS uncivil
       FROM rollup_thread_day_score r JOIN thread t ON t.id = r.thread_id
       WHERE ${THREAD_SEGMENT_SQL} AND r.model = $5 AND r.model_version = $6
       GROUP BY r.thread_id HAVING sum(r.scored) > 0
     ), agg AS (
       SELECT c.thread_id, c.comments, c.removed, coalesce(s.scored, 0) AS scored,
              s.sentiment_sum / nullif(s.scored, 0) AS avg_sentiment, s.uncivil::float8 / nullif(s.scored, 0) AS uncivil_share
       FROM c LEFT JOIN s ON s.thread_id = c.thread_id
     ), ranked AS (
       (SELECT 'volume' AS list, agg.* FROM agg ORDER BY comments DESC, thread_id LIMIT ${TOP})
       UNION ALL
       (SELECT 'negativity', agg.* FROM agg WHERE scored >= $7 ORDER BY avg_sentiment, thread_id LIMIT ${TOP})
       UNION ALL
       (SELECT 'incivility', agg.* FROM agg WHERE scored >= $7 ORDER BY uncivil_share DESC, thread_id LIMIT ${TOP})
     )
     SELECT ranked.*, t.title, src.key AS source FROM ranked
     JOIN thread t ON t.id = ranked.thread_id JOIN source src ON src.id = t.source_id`,
    [...rollupParams(f), MIN_SCORED_TO_RANK],
  );
  const board: HeatBoard = { volume: [], negativity: [], incivility: [] };
  for (const r of rows) {
    board[r.list as keyof HeatBoard].push({
      threadId: r.thread_id,
      title: r.title,
      source: r.source,
      comments: r.comments,
      removed: r.removed,
      scored: r.scored,
      avgSentiment: r.avg_sentiment,
      uncivilShare: r.uncivil_share,
    });
  }
  // UNION ALL keeps no order across its parts: sort each list again.
  board.volume.sort((a, b) => b.comments - a.comments || a.threadId - b.threadId);
  board.negativity.sort((a, b) => a.avgSentiment! - b.avgSentiment! || a.threadId - b.threadId);
  board.incivility.sort((a, b) => b.uncivilShare! - a.uncivilShare! || a.threadId - b.threadId);
  return board;
}

/** The most active commenters and those most often flagged in the range. */
export async function loadTopCommenters(f: InsightsFilters): Promise<CommenterBoard> {
  const { rows } = await pool.query(
    `WITH agg AS (
       SELECT r.commenter_id, sum(r.comments)::int AS comments, sum(r.flagged)::int AS flagged, sum(r.removed)::int AS removed
       FROM rollup_commenter_day r WHERE ${SEGMENT_SQL} GROUP BY r.commenter_id HAVING sum(r.comments) > 0
     ), ranked AS (
       (SELECT 'volume' AS list, agg.* FROM agg ORDER BY comments DESC, commenter_id LIMIT ${TOP})
       UNION ALL
       (SELECT 'flags', agg.* FROM agg WHERE flagged > 0 ORDER BY flagged DESC, comments DESC, commenter_id LIMIT ${TOP})
     )
     SELECT ranked.*, cm.display_name, src.key AS source FROM ranked
     JOIN commenter cm ON cm.id = ranked.commenter_id JOIN source src ON src.id = cm.source_id`,
    rollupParams(f).slice(0, 4),
  );
  const board: CommenterBoard = { volume: [], flags: [] };
  for (const r of rows) {
    board[r.list as keyof CommenterBoard].push({
      commenterId: r.commenter_id,
      name: r.display_name,
      source: r.source,
      comments: r.comments,
      flagged: r.flagged,
      removed: r.removed,
    });
  }
  board.volume.sort((a, b) => b.comments - a.comments || a.commenterId - b.commenterId);
  board.flags.sort((a, b) => b.flagged - a.flagged || b.comments - a.comments || a.commenterId - b.commenterId);
  return board;
}
