import { z } from "zod";
import { calendarDate } from "@/lib/calendar-date";
import { readPool as pool } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { addDays, BUCKETS, daysInRange, fitBucket, formatDate, pickBucket } from "./dates";
import { MAX_DAYS, modelOf, modelParam, withRangeChecks, type ModelVersion } from "./filters";
import { bucketPoints, periodPoint, type PeriodSums, type SeriesPoint } from "./series";
import { getTimezone, localToday } from "./timezone";

/** One article or one author, for editors: what the Insights page shows for many, for one. */
export type FocusKind = "article" | "author";

/**
 * Hours as well as days, weeks and months: a story's comments often come within a day or
 * two, which by day is one bar. Hours are chosen for ranges of up to two days, and may be
 * asked for up to fourteen (336 bars).
 */
export const FOCUS_BUCKETS = ["hour", ...BUCKETS] as const;
export type FocusBucket = (typeof FOCUS_BUCKETS)[number];
const HOURS_UP_TO_DAYS = { chosen: 2, asked: 14 };

export const focusParamsSchema = withRangeChecks(
  z.object({
    from: calendarDate.optional(),
    to: calendarDate.optional(),
    bucket: z.enum(FOCUS_BUCKETS).optional(),
    model: modelParam.optional(),
  }),
);

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

type Row = PeriodSums & { bucket: string; flagged: number };

/** The comment column that names the subject. */
const SUBJECT_COLUMN: Record<FocusKind, string> = { article: "thread_id", author: "commenter_id" };

// A thread's days, weeks and months come from its rollups.
const ARTICLE_ROLLUP_SQL = `WITH c AS (
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
   FROM c FULL JOIN s ON s.bucket = c.bucket`;

// Hours (either subject), and an author's days, weeks and months (the commenter rollup
// carries no scores), from the comments themselves: a subject's few, through its index.
// Periods are the newsroom's: "2026-11-02" for a day, week or month, "2026-11-02T14" for an hour.
const commentsSql = (kind: FocusKind) => `
   SELECT to_char(date_trunc($4, c.posted_at AT TIME ZONE $7), $8) AS bucket,
          count(*)::int AS comments,
          count(*) FILTER (WHERE rollup_is_removed(c.mod_status, c.source_status))::int AS removed,
          count(*) FILTER (WHERE c.flagged_at IS NOT NULL)::int AS flagged,
          count(s.comment_id)::int AS scored, coalesce(sum(s.sentiment), 0)::float8 AS sentiment_sum,
          count(*) FILTER (WHERE s.incivility >= 0.5)::int AS uncivil
   FROM comment c
   LEFT JOIN score s ON s.comment_id = c.id AND s.model = $5 AND s.model_version = $6
   WHERE c.${SUBJECT_COLUMN[kind]} = $1 AND c.kind = 'comment'
     AND c.posted_at >= ($2::date::timestamp AT TIME ZONE $7) AND c.posted_at < (($3::date + 1)::timestamp AT TIME ZONE $7)
   GROUP BY 1`;

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
  const bucket = hourly ? "hour" : params.bucket && params.bucket !== "hour" ? fitBucket(from, to, params.bucket) : pickBucket(from, to);
  const model = await modelOf(params.model);
  const args = [id, from, to, bucket, model.name, model.version];
  const { rows } =
    kind === "article" && bucket !== "hour"
      ? await pool.query<Row>(ARTICLE_ROLLUP_SQL, args)
      : await pool.query<Row>(commentsSql(kind), [...args, timezone, hourly ? 'YYYY-MM-DD"T"HH24' : "YYYY-MM-DD"]);
  const sums = new Map(rows.map((r) => [r.bucket, r]));
  const series =
    bucket === "hour"
      ? hoursOf(from, to).map((hour) => {
          const day = hour.slice(0, 10);
          const label = from === to ? `${hour.slice(11)}:00` : `${formatDate(day, { day: "numeric", month: "short" })} ${hour.slice(11)}:00`;
          // An hour opens its day's comments: the queue and reports filter by day.
          return periodPoint(hour, label, { from: day, to: day, partial: false }, sums.get(hour));
        })
      : bucketPoints(from, to, bucket, sums);
  return { subject, from, to, bucket, shortened, timezone, model, series, totals: totalsOf(rows) };
}

function totalsOf(rows: readonly Row[]): FocusTotals {
  const sum = (key: keyof PeriodSums | "flagged") => rows.reduce((total, r) => total + r[key], 0);
  const scored = sum("scored");
  return {
    comments: sum("comments"),
    scored,
    avgSentiment: scored ? sum("sentiment_sum") / scored : null,
    uncivilShare: scored ? sum("uncivil") / scored : null,
    removed: sum("removed"),
    flagged: sum("flagged"),
  };
}

/** An article's title or an author's name, for the page's title; NotFoundError if there is none. */
export async function focusSubjectName(kind: FocusKind, id: number): Promise<string> {
  const { rows } = await pool.query<{ name: string }>(
    kind === "article" ? "SELECT title AS name FROM thread WHERE id = $1" : "SELECT display_name AS name FROM commenter WHERE id = $1",
    [id],
  );
  if (!rows[0]) throw new NotFoundError(`${kind} ${id} not found`);
  return rows[0].name;
}

async function readSubject(kind: FocusKind, id: number, timezone: string): Promise<FocusSubject> {
  const subject =
    kind === "article"
      ? "SELECT t.id, t.title AS name, s.name AS source, t.url, t.section FROM thread t JOIN source s ON s.id = t.source_id WHERE t.id = $1"
      : "SELECT p.id, p.display_name AS name, s.name AS source, NULL AS url, NULL AS section FROM commenter p JOIN source s ON s.id = p.source_id WHERE p.id = $1";
  const { rows } = await pool.query<{ name: string; source: string; url: string | null; section: string | null; first_day: string | null; last_day: string | null }>(
    `SELECT x.name, x.source, x.url, x.section,
            to_char(life.first AT TIME ZONE $2, 'YYYY-MM-DD') AS first_day, to_char(life.last AT TIME ZONE $2, 'YYYY-MM-DD') AS last_day
     FROM (${subject}) x
     CROSS JOIN LATERAL (
       SELECT min(c.posted_at) AS first, max(c.posted_at) AS last FROM comment c WHERE c.${SUBJECT_COLUMN[kind]} = x.id AND c.kind = 'comment'
     ) life`,
    [id, timezone],
  );
  const r = rows[0];
  if (!r) throw new NotFoundError(`${kind} ${id} not found`);
  return { kind, id, name: r.name, source: r.source, url: r.url, section: r.section, firstDay: r.first_day, lastDay: r.last_day };
}
