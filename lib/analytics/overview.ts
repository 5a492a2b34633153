import { readPool as pool } from "@/lib/db";
import { rollupParams, SEGMENT_SQL, type InsightsFilters } from "./filters";

export type Figures = {
  comments: number;
  commentsPerDay: number;
  /** Comments with a score from the chosen model version. */
  scored: number;
  avgSentiment: number | null;
  uncivilShare: number | null;
  negativeShare: number | null;
  removedShare: number | null;
  flagged: number;
  removed: number;
};

export type Overview = { current: Figures; previous: Figures };

/** Key figures for the range and for the period of the same length before it. */
export async function loadOverview(f: InsightsFilters): Promise<Overview> {
  const [current, previous] = await Promise.all([figures(f, f), figures(f, f.previous)]);
  return { current, previous };
}

async function figures(f: InsightsFilters, range: { from: string; to: string }): Promise<Figures> {
  const { rows } = await pool.query(
    `SELECT
       (SELECT coalesce(sum(comments), 0)::int FROM rollup_day r WHERE ${SEGMENT_SQL}) AS comments,
       (SELECT coalesce(sum(removed), 0)::int FROM rollup_day r WHERE ${SEGMENT_SQL}) AS removed,
       (SELECT coalesce(sum(flagged), 0)::int FROM rollup_day r WHERE ${SEGMENT_SQL}) AS flagged,
       s.scored, s.sentiment_sum, s.negative, s.uncivil
     FROM (SELECT coalesce(sum(scored), 0)::int AS scored, coalesce(sum(sentiment_sum), 0)::float8 AS sentiment_sum,
                  coalesce(sum(negative), 0)::int AS negative, coalesce(sum(uncivil), 0)::int AS uncivil
           FROM rollup_day_score r WHERE ${SEGMENT_SQL} AND r.model = $5 AND r.model_version = $6) AS s`,
    rollupParams(f, range),
  );
  const r = rows[0]!;
  const days = Math.round((Date.parse(range.to) - Date.parse(range.from)) / 86_400_000) + 1;
  return {
    comments: r.comments,
    commentsPerDay: r.comments / days,
    scored: r.scored,
    avgSentiment: r.scored ? r.sentiment_sum / r.scored : null,
    uncivilShare: r.scored ? r.uncivil / r.scored : null,
    negativeShare: r.scored ? r.negative / r.scored : null,
    removedShare: r.comments ? r.removed / r.comments : null,
    flagged: r.flagged,
    removed: r.removed,
  };
}
