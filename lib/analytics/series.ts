import { readPool as pool } from "@/lib/db";
import { bucketEnd, bucketLabel, bucketStarts, type Bucket } from "./dates";
import { rollupParams, SEGMENT_SQL, type InsightsFilters } from "./filters";

export type SeriesPoint = {
  /** First day of the bucket; `from`/`to` are its days inside the range (the first and last may be partial). */
  bucket: string;
  label: string;
  from: string;
  to: string;
  partial: boolean;
  comments: number;
  scored: number;
  avgSentiment: number | null;
  uncivilShare: number | null;
  removedShare: number | null;
};

/** Comments, average sentiment, uncivil and removed share per day, week or month (empty buckets included). */
export async function loadSeries(f: InsightsFilters): Promise<SeriesPoint[]> {
  const { rows } = await pool.query(
    `WITH c AS (
       SELECT date_trunc($7, r.day::timestamp)::date AS bucket, sum(comments)::int AS comments, sum(removed)::int AS removed
       FROM rollup_day r WHERE ${SEGMENT_SQL} GROUP BY 1
     ), s AS (
       SELECT date_trunc($7, r.day::timestamp)::date AS bucket, sum(scored)::int AS scored,
              sum(sentiment_sum)::float8 AS sentiment_sum, sum(uncivil)::int AS uncivil
       FROM rollup_day_score r WHERE ${SEGMENT_SQL} AND r.model = $5 AND r.model_version = $6 GROUP BY 1
     )
     SELECT to_char(coalesce(c.bucket, s.bucket), 'YYYY-MM-DD') AS bucket, coalesce(c.comments, 0) AS comments,
            coalesce(c.removed, 0) AS removed, coalesce(s.scored, 0) AS scored,
            coalesce(s.sentiment_sum, 0) AS sentiment_sum, coalesce(s.uncivil, 0) AS uncivil
     FROM c FULL JOIN s ON s.bucket = c.bucket`,
    [...rollupParams(f), f.bucket],
  );
  return bucketPoints(f.from, f.to, f.bucket, new Map(rows.map((r) => [r.bucket as string, r as PeriodSums])));
}

/** What a period's comments add up to, as the queries sum them. */
export type PeriodSums = { comments: number; removed: number; scored: number; sentiment_sum: number; uncivil: number };

/** A period's point: its figures as shares of what was scored (none without comments). */
export function periodPoint(bucket: string, label: string, days: { from: string; to: string; partial: boolean }, r: PeriodSums | undefined): SeriesPoint {
  const comments = r?.comments ?? 0;
  const scored = r?.scored ?? 0;
  return {
    bucket,
    label,
    ...days,
    comments,
    scored,
    avgSentiment: scored ? r!.sentiment_sum / scored : null,
    uncivilShare: scored ? r!.uncivil / scored : null,
    removedShare: comments ? r!.removed / comments : null,
  };
}

/** One point per day, week or month of the range, empty ones included (sums keyed by the bucket's first day). */
export function bucketPoints(from: string, to: string, bucket: Bucket, sums: Map<string, PeriodSums>): SeriesPoint[] {
  return bucketStarts(from, to, bucket).map((start) => {
    const end = bucketEnd(start, bucket);
    const inFrom = start < from ? from : start;
    const inTo = end > to ? to : end;
    return periodPoint(start, bucketLabel(start, bucket, { from, to }), { from: inFrom, to: inTo, partial: inFrom !== start || inTo !== end }, sums.get(start));
  });
}
