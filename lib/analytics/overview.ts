import { readPool as pool } from "@/lib/db";
import { rollupParams, SEGMENT_SQL, type InsightsFilters } from "./filters";
import { daysInRange } from "./dates";
import { localToday } from "./timezone";

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

/**
 * The days of a range that have passed in the newsroom's zone, today counted by the share
 * of it gone: a range that runs into the future (1–30 November, seen on the 10th), or the
 * default one ending today, would otherwise divide ten days of comments by thirty, and its
 * "per day" read as a fall against the period before.
 */
export function daysElapsed(range: { from: string; to: string }, timeZone: string, now: Date = new Date()): number {
  const today = localToday(timeZone, now);
  if (range.to < today) return daysInRange(range.from, range.to);
  if (range.from > today) return 0;
  const clock = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(now);
  const [hours, minutes] = clock.split(":").map(Number) as [number, number];
  const gone = (hours * 60 + minutes) / 1440;
  return daysInRange(range.from, today) - 1 + Math.max(gone, 1 / 24);
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
  const days = daysElapsed(range, f.timezone);
  return {
    comments: r.comments,
    commentsPerDay: days > 0 ? r.comments / days : 0,
    scored: r.scored,
    avgSentiment: r.scored ? r.sentiment_sum / r.scored : null,
    uncivilShare: r.scored ? r.uncivil / r.scored : null,
    negativeShare: r.scored ? r.negative / r.scored : null,
    removedShare: r.comments ? r.removed / r.comments : null,
    flagged: r.flagged,
    removed: r.removed,
  };
}
