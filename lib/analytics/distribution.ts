import { readPool as pool } from "@/lib/db";
import { ATTRIBUTE_LABELS } from "@/lib/scoring/types";
import { rollupParams, SEGMENT_SQL, type InsightsFilters } from "./filters";

/** Sentiment in 20 bins of 0.1 from -1 to 1 (the last bin includes 1). */
export const SENTIMENT_BINS = 20;

export type SentimentBin = { bin: number; low: number; high: number; comments: number };
export type AttributeRow = { attribute: string; label: string; present: number; share: number; avgScore: number };

/** How many comments fall in each sentiment bin. */
export async function loadSentimentHistogram(f: InsightsFilters): Promise<SentimentBin[]> {
  const { rows } = await pool.query<{ bin: number; comments: number }>(
    `SELECT r.bin, sum(r.comments)::int AS comments FROM rollup_sentiment_bin r
     WHERE ${SEGMENT_SQL} AND r.model = $5 AND r.model_version = $6 GROUP BY r.bin`,
    rollupParams(f),
  );
  const counts = new Map(rows.map((r) => [r.bin, r.comments]));
  return Array.from({ length: SENTIMENT_BINS }, (_, bin) => ({
    bin,
    low: round1(-1 + bin / 10),
    high: round1(-1 + (bin + 1) / 10),
    comments: counts.get(bin) ?? 0,
  }));
}

/**
 * Per attribute: comments scoring 0.5 or more on it, their share of the scored
 * comments, and the average attribute score. Most frequent first.
 */
export async function loadAttributes(f: InsightsFilters): Promise<AttributeRow[]> {
  const { rows } = await pool.query<{ attribute: string; scored: number; present: number; score_sum: number }>(
    `SELECT r.attribute, sum(r.scored)::int AS scored, sum(r.present)::int AS present, sum(r.score_sum)::float8 AS score_sum
     FROM rollup_attribute_day r WHERE ${SEGMENT_SQL} AND r.model = $5 AND r.model_version = $6
     GROUP BY r.attribute HAVING sum(r.scored) > 0`,
    rollupParams(f),
  );
  return rows
    .map((r) => ({
      attribute: r.attribute,
      label: ATTRIBUTE_LABELS[r.attribute] ?? r.attribute,
      present: r.present,
      share: r.present / r.scored,
      avgScore: r.score_sum / r.scored,
    }))
    .sort((a, b) => b.present - a.present || a.attribute.localeCompare(b.attribute));
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
