import { z } from "zod";
import { calendarDate } from "@/lib/calendar-date";
import { readPool as pool } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { activeScorer } from "@/lib/scoring";
import { addDays, bucketEnd, bucketLabel, bucketStarts, BUCKETS, daysInRange, fitBucket, formatDate, pickBucket, type Bucket } from "./dates";
import type { ModelVersion } from "./filters";
import type { SeriesPoint } from "./series";
import { getTimezone, localToday } from "./timezone";

/** One article or one author, for editors: what the Insights page shows for many, for one. */
export type FocusKind = "article" | "author";

/** As on Insights: at most ten years at once (a whole life longer than that shows its last ten). */
const MAX_DAYS = 3660;

/**
 * Hours as well as days, weeks and months: a story's comments often come within a day or
 * two, which by day is one bar. Hours are chosen for ranges of up to two days, and may be
 * asked for up to fourteen (336 bars).
 */
export const FOCUS_BUCKETS = ["hour", ...BUCKETS] as const;
export type FocusBucket = (typeof FOCUS_BUCKETS)[number];
const HOURS_UP_TO_DAYS = { chosen: 2, asked: 14 };

export const focusParamsSchema = z
  .object({
    from: calendarDate.optional(),
    to: calendarDate.optional(),
    bucket: z.enum(FOCUS_BUCKETS).optional(),
    model: z.string().max(200).regex(/^[^@]+@[^@]+$/, "model as name@version").optional(),
  })
  .refine((p) => !p.from || !p.to || p.from <= p.to, { message: "from must not be after to", path: ["from"] })
  .refine((p) => !p.from || !p.to || daysInRange(p.from, p.to) <= MAX_DAYS, { message: "at most ten years at once", path: ["to"] });

export type FocusParams = z.infer<typeof focusParamsSchema>;

export type FocusSubject = {
  kind: FocusKind;
  id: number;
  /** The article's title or the author's display name. */
  name: string;
  source: string;
  /** The article's address; null for an author. */
  url: string | null;
  section: string | null;
  /** First and last day with a comment (newsroom days); null when there is none. */
  firstDay: string | null;
  lastDay: string | null;
};

export type FocusTotals = { comments: number; scored: number; avgSentiment: number | null; uncivilShare: number | null; removed: number; flagged: number };

export type FocusInsights = {
  subject: FocusSubject;
  from: string;
  to: string;
  bucket: FocusBucket;
  /** True when the range asked for (or the whole life) was longer than ten years and shows its last ten. */
  shortened: boolean;
  timezone: string;
  model: ModelVersion;
  series: SeriesPoint[];
  totals: FocusTotals;
};

type Row = { bucket: string; comments: number; removed: number; flagged: number; scored: number; sentiment_sum: number; uncivil: number };

// A thread's days come from its rollups; an author's few comments are read directly
// (through the commenter index), as the commenter rollup carries no scores.
const SERIES_SQL: Record<FocusKind, string> = {
  article: `WITH c AS (
       SELECT date_trunc($4, r.day::timestamp)::date AS bucket, sum(comments)::int AS comments,
              sum(removed)::int AS removed, sum(flagged)::int AS flagged
       FROM rollup_thread_day r WHERE r.thread_id = $1 AND r.day BETWEEN $2::date AND $3::date GROUP BY 1
     ), s AS (
       SELECT date_trunc($4, r.day::timestamp)::date AS bucket, sum(scored)::int AS scored,
              sum(sentiment_sum)::float8 AS sentiment_sum, sum(uncivil)::int AS uncivil
       FROM rollup_thread_day_score r
       WHERE r.thread_id = $1 AND r.day BETWEEN $2::date AND $3::date AND r.model = $5 AND r.model_version = $6 GROUP BY 1
     )
     SELECT to_char(coalesce(c.bucket, s.bucket), 'YYYY-MM-DD') AS bucket, coalesce(c.comments, 0) AS comments,
            coalesce(c.removed, 0) AS removed, coalesce(c.flagged, 0) AS flagged, coalesce(s.scored, 0) AS scored,
            coalesce(s.sentiment_sum, 0) AS sentiment_sum, coalesce(s.uncivil, 0) AS uncivil
     FROM c FULL JOIN s ON s.bucket = c.bucket`,
  author: `SELECT to_char(date_trunc($4, (c.posted_at AT TIME ZONE $7)::date::timestamp), 'YYYY-MM-DD') AS bucket,
            count(*)::int AS comments,
            count(*) FILTER (WHERE rollup_is_removed(c.mod_status, c.source_status))::int AS removed,
            count(*) FILTER (WHERE c.flagged_at IS NOT NULL)::int AS flagged,
            count(s.comment_id)::int AS scored, coalesce(sum(s.sentiment), 0)::float8 AS sentiment_sum,
            count(*) FILTER (WHERE s.incivility >= 0.5)::int AS uncivil
     FROM comment c
     LEFT JOIN score s ON s.comment_id = c.id AND s.model = $5 AND s.model_version = $6
     WHERE c.commenter_id = $1 AND c.kind = 'comment'
       AND c.posted_at >= ($2::date::timestamp AT TIME ZONE $7) AND c.posted_at < (($3::date + 1)::timestamp AT TIME ZONE $7)
     GROUP BY 1`,
};

// By the hour, from the comments themselves (an article's or author's few, through their
// indexes); hours are the newsroom's ("2026-11-02T14").
const HOURLY_WHERE: Record<FocusKind, string> = { article: "c.thread_id = $1", author: "c.commenter_id = $1" };
const HOURLY_SQL: Record<FocusKind, string> = Object.fromEntries(
  (["article", "author"] as const).map((kind) => [
    kind,
    `SELECT to_char(date_trunc('hour', c.posted_at AT TIME ZONE $6), 'YYYY-MM-DD"T"HH24') AS bucket,
            count(*)::int AS comments,
            count(*) FILTER (WHERE rollup_is_removed(c.mod_status, c.source_status))::int AS removed,
            count(*) FILTER (WHERE c.flagged_at IS NOT NULL)::int AS flagged,
            count(s.comment_id)::int AS scored, coalesce(sum(s.sentiment), 0)::float8 AS sentiment_sum,
            count(*) FILTER (WHERE s.incivility >= 0.5)::int AS uncivil
     FROM comment c
     LEFT JOIN score s ON s.comment_id = c.id AND s.model = $4 AND s.model_version = $5
     WHERE ${HOURLY_WHERE[kind]} AND c.kind = 'comment'
       AND c.posted_at >= ($2::date::timestamp AT TIME ZONE $6) AND c.posted_at < (($3::date + 1)::timestamp AT TIME ZONE $6)
     GROUP BY 1`,
  ]),
) as Record<FocusKind, string>;

/** Every hour of the days from `from` to `to`, as "YYYY-MM-DDTHH" (a zone's 23- or 25-hour day is drawn as 24). */
function hoursOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) for (let h = 0; h < 24; h++) out.push(`${day}T${String(h).padStart(2, "0")}`);
  return out;
}

/**
 * Comments, sentiment and incivility over time for one article (thread) or one
 * author (commenter), with totals. Without a range, the subject's whole life (its
 * first to last comment day); the bucket follows the range's length, as on Insights, with
 * hours for a range of up to two days (a story's comments often come within one).
 */
export async function loadFocus(kind: FocusKind, id: number, params: FocusParams = {}): Promise<FocusInsights> {
  const timezone = await getTimezone();
  const subject = await readSubject(kind, id, timezone);
  // Only "from", after the last comment: that day alone, not a range running backwards.
  const lastDay = subject.lastDay ?? localToday(timezone);
  const to = params.to ?? (params.from && params.from > lastDay ? params.from : lastDay);
  let from = params.from ?? (subject.firstDay && subject.firstDay <= to ? subject.firstDay : addDays(to, -29));
  const shortened = daysInRange(from, to) > MAX_DAYS;
  if (shortened) from = addDays(to, -(MAX_DAYS - 1));
  const days = daysInRange(from, to);
  const hourly = params.bucket === "hour" ? days <= HOURS_UP_TO_DAYS.asked : !params.bucket && days <= HOURS_UP_TO_DAYS.chosen;
  const bucket: FocusBucket = hourly ? "hour" : params.bucket && params.bucket !== "hour" ? fitBucket(from, to, params.bucket) : pickBucket(from, to);
  const active = activeScorer().model;
  const [name, version] = params.model ? (params.model.split("@") as [string, string]) : [active.name, active.version];
  const rows = hourly
    ? (await pool.query<Row>(HOURLY_SQL[kind], [id, from, to, name, version, timezone])).rows
    : (await pool.query<Row>(SERIES_SQL[kind], [id, from, to, bucket, name, version, ...(kind === "author" ? [timezone] : [])])).rows;
  const found = new Map(rows.map((r) => [r.bucket, r]));
  const totals: FocusTotals = { comments: 0, scored: 0, avgSentiment: null, uncivilShare: null, removed: 0, flagged: 0 };
  let sentimentSum = 0;
  let uncivil = 0;
  for (const r of rows) {
    totals.comments += r.comments;
    totals.scored += r.scored;
    totals.removed += r.removed;
    totals.flagged += r.flagged;
    sentimentSum += r.sentiment_sum;
    uncivil += r.uncivil;
  }
  if (totals.scored) {
    totals.avgSentiment = sentimentSum / totals.scored;
    totals.uncivilShare = uncivil / totals.scored;
  }
  const point = (start: string, label: string, range: { from: string; to: string; partial: boolean }): SeriesPoint => {
    const r = found.get(start);
    const comments = r?.comments ?? 0;
    const scored = r?.scored ?? 0;
    return {
      bucket: start,
      label,
      ...range,
      comments,
      scored,
      avgSentiment: scored ? r!.sentiment_sum / scored : null,
      uncivilShare: scored ? r!.uncivil / scored : null,
      removedShare: comments ? r!.removed / comments : null,
    };
  };
  const series = hourly
    ? hoursOf(from, to).map((hour) => {
        const day = hour.slice(0, 10);
        // An hour opens its day's comments: the queue and reports filter by day.
        return point(hour, from === to ? `${hour.slice(11)}:00` : `${formatDate(day, { day: "numeric", month: "short" })} ${hour.slice(11)}:00`, { from: day, to: day, partial: false });
      })
    : bucketStarts(from, to, bucket as Bucket).map((start) => {
        const end = bucketEnd(start, bucket as Bucket);
        const inFrom = start < from ? from : start;
        const inTo = end > to ? to : end;
        return point(start, bucketLabel(start, bucket as Bucket, { from, to }), { from: inFrom, to: inTo, partial: inFrom !== start || inTo !== end });
      });
  return { subject, from, to, bucket, shortened, timezone, model: { name, version }, series, totals };
}

async function readSubject(kind: FocusKind, id: number, timezone: string): Promise<FocusSubject> {
  const sql =
    kind === "article"
      ? `SELECT t.title AS name, s.name AS source, t.url, t.section,
                (SELECT to_char(min(c.posted_at) AT TIME ZONE $2, 'YYYY-MM-DD') FROM comment c WHERE c.thread_id = t.id AND c.kind = 'comment') AS first_day,
                (SELECT to_char(max(c.posted_at) AT TIME ZONE $2, 'YYYY-MM-DD') FROM comment c WHERE c.thread_id = t.id AND c.kind = 'comment') AS last_day
         FROM thread t JOIN source s ON s.id = t.source_id WHERE t.id = $1`
      : `SELECT p.display_name AS name, s.name AS source, NULL AS url, NULL AS section,
                (SELECT to_char(min(c.posted_at) AT TIME ZONE $2, 'YYYY-MM-DD') FROM comment c WHERE c.commenter_id = p.id AND c.kind = 'comment') AS first_day,
                (SELECT to_char(max(c.posted_at) AT TIME ZONE $2, 'YYYY-MM-DD') FROM comment c WHERE c.commenter_id = p.id AND c.kind = 'comment') AS last_day
         FROM commenter p JOIN source s ON s.id = p.source_id WHERE p.id = $1`;
  const { rows } = await pool.query<{ name: string; source: string; url: string | null; section: string | null; first_day: string | null; last_day: string | null }>(sql, [id, timezone]);
  const r = rows[0];
  if (!r) throw new NotFoundError(`${kind} ${id} not found`);
  return { kind, id, name: r.name, source: r.source, url: r.url, section: r.section, firstDay: r.first_day, lastDay: r.last_day };
}
