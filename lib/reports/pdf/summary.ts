import type { Pool, PoolClient } from "pg";
import { inSnapshot } from "@/lib/db";
import { bucketLabel, bucketStarts, pickBucket, type Bucket } from "@/lib/analytics/dates";
import { ATTRIBUTE_LABELS } from "@/lib/scoring/types";
import { localToday } from "@/lib/analytics/timezone";
import { reportWhere, type ResolvedReportFilters } from "../filters";

/** Rows of the removed-comments table in a PDF; the CSV has them all. */
export const REMOVED_ROWS = 300;
const TOP_THREADS = 15;

export type ReportSummary = {
  figures: {
    comments: number;
    scored: number;
    avgSentiment: number | null;
    uncivilShare: number | null;
    negativeShare: number | null;
    removed: number;
    flagged: number;
    first: string | null;
    last: string | null;
  };
  bucket: Bucket;
  series: { label: string; comments: number; avgSentiment: number | null; uncivilShare: number | null }[];
  attributes: { label: string; present: number; share: number }[];
  threads: { title: string; source: string; comments: number; avgSentiment: number | null; uncivilShare: number | null; removed: number }[];
  removed: { postedAt: Date; thread: string; author: string; reason: string; body: string }[];
  removedTotal: number;
  threadTitles: string[];
};

const REMOVED_SQL = "(c.mod_status = 'rejected' OR c.source_status IN ('deleted', 'spam'))";
/** Of a removed comment's text, the PDF prints 400 characters once its whitespace is folded: this much is read. */
const REMOVED_TEXT_CHARS = 2000;


function fromClause(f: ResolvedReportFilters) {
  const where = reportWhere(f, 3);
  const base = `FROM comment c JOIN thread t ON t.id = c.thread_id JOIN source src ON src.id = c.source_id
    LEFT JOIN LATERAL (SELECT * FROM score sx WHERE sx.comment_id = c.id AND sx.model = $1 AND sx.model_version = $2 LIMIT 1) s ON true
    WHERE c.kind = 'comment' AND ${where.sql}`;
  return { base, params: [f.model.name, f.model.version, ...where.params] };
}

/** The report's key figures (the PDF's title page, the Exports page's preview). */
export async function loadReportFigures(client: Pool | PoolClient, f: ResolvedReportFilters): Promise<ReportSummary["figures"]> {
  const { base, params } = fromClause(f);
  const tz = `$${params.length + 1}`;
  const { rows } = await client.query(
    `SELECT count(*)::int AS comments, count(s.id)::int AS scored, avg(s.sentiment)::float8 AS avg_sentiment,
            avg((s.incivility >= 0.5)::int)::float8 AS uncivil_share, avg((s.sentiment_label = 'negative')::int)::float8 AS negative_share,
            count(*) FILTER (WHERE ${REMOVED_SQL})::int AS removed, count(c.flagged_at)::int AS flagged,
            to_char(min((c.posted_at AT TIME ZONE ${tz})::date), 'YYYY-MM-DD') AS first,
            to_char(max((c.posted_at AT TIME ZONE ${tz})::date), 'YYYY-MM-DD') AS last
     ${base}`,
    [...params, f.timezone],
  );
  const fig = rows[0];
  return {
    comments: fig.comments,
    scored: fig.scored,
    avgSentiment: fig.avg_sentiment,
    uncivilShare: fig.uncivil_share,
    negativeShare: fig.negative_share,
    removed: fig.removed,
    flagged: fig.flagged,
    first: fig.first,
    last: fig.last,
  };
}

/**
 * What the PDF summarises, computed straight from the comments the filters select
 * (the same rows as the CSV), so every figure can be checked against the export.
 * Pingbacks and trackbacks are left out, as on the Insights page. The queries run one after
 * another in one snapshot on one connection: the figures agree with each other while imports
 * and decisions go on, and a report takes one of the pool's connections, not six.
 */
export async function loadReportSummary(f: ResolvedReportFilters): Promise<ReportSummary> {
  return inSnapshot((client) => summarise(client, f));
}

async function summarise(client: PoolClient, f: ResolvedReportFilters): Promise<ReportSummary> {
  const { base, params } = fromClause(f);
  const tz = `$${params.length + 1}`;
  const fig = await loadReportFigures(client, f);
  const from = f.from ?? fig.first ?? localToday(f.timezone);
  const to = f.to ?? fig.last ?? from;
  const bucket = pickBucket(from, to);

  const series = await client.query(
    `SELECT to_char(date_trunc(${`$${params.length + 2}`}, (c.posted_at AT TIME ZONE ${tz})::timestamp), 'YYYY-MM-DD') AS bucket,
            count(*)::int AS comments, avg(s.sentiment)::float8 AS avg_sentiment, avg((s.incivility >= 0.5)::int)::float8 AS uncivil_share
     ${base} GROUP BY 1`,
    [...params, f.timezone, bucket],
  );
  const attributes = await client.query(
    `SELECT a.key AS attribute, count(*) FILTER (WHERE (a.value)::float8 >= 0.5)::int AS present, count(*)::int AS scored
     ${base.replace("WHERE c.kind", ", jsonb_each(s.attributes) a WHERE jsonb_typeof(a.value) = 'number' AND c.kind")}
     GROUP BY a.key`,
    params,
  );
  const threads = await client.query(
    `SELECT t.title, src.key AS source, count(*)::int AS comments, avg(s.sentiment)::float8 AS avg_sentiment,
            avg((s.incivility >= 0.5)::int)::float8 AS uncivil_share, count(*) FILTER (WHERE ${REMOVED_SQL})::int AS removed
     ${base} GROUP BY t.id, t.title, src.key ORDER BY comments DESC, t.id LIMIT ${TOP_THREADS}`,
    params,
  );
  const removed = await client.query(
    `SELECT c.posted_at, t.title, c.author_name, left(c.body, ${REMOVED_TEXT_CHARS}) AS body,
            char_length(c.body) > ${REMOVED_TEXT_CHARS} AS cut, c.mod_status, c.source_status, dec.reason
     ${base.replace("WHERE c.kind", `LEFT JOIN LATERAL (
       SELECT d.reason FROM decision d WHERE d.comment_id = c.id AND d.applied AND d.action = 'reject'
       ORDER BY d.created_at DESC, d.id DESC LIMIT 1) dec ON true WHERE c.kind`)} AND ${REMOVED_SQL}
     ORDER BY c.posted_at, c.id LIMIT ${REMOVED_ROWS}`,
    params,
  );
  const titles = f.thread.length
    ? await client.query<{ title: string }>("SELECT title FROM thread WHERE id = ANY($1::int[]) ORDER BY title", [f.thread])
    : { rows: [] as { title: string }[] };

  const byBucket = new Map(series.rows.map((r) => [r.bucket as string, r]));
  const totalPresent = attributes.rows.reduce((n, r) => Math.max(n, r.scored as number), 0);
  return {
    figures: fig,
    bucket,
    series: bucketStarts(from, to, bucket).map((b) => {
      const r = byBucket.get(b);
      return { label: bucketLabel(b, bucket, { from, to }), comments: r?.comments ?? 0, avgSentiment: r?.avg_sentiment ?? null, uncivilShare: r?.uncivil_share ?? null };
    }),
    attributes: attributes.rows
      .map((r) => ({ label: ATTRIBUTE_LABELS[r.attribute] ?? r.attribute, present: r.present, share: totalPresent ? r.present / totalPresent : 0 }))
      .sort((a, b) => b.present - a.present || a.label.localeCompare(b.label)),
    threads: threads.rows.map((r) => ({
      title: r.title, source: r.source, comments: r.comments, avgSentiment: r.avg_sentiment, uncivilShare: r.uncivil_share, removed: r.removed,
    })),
    removed: removed.rows.map((r) => ({
      postedAt: r.posted_at,
      thread: r.title,
      author: r.author_name,
      reason: r.mod_status === "rejected" ? `rejected: ${r.reason ?? "no reason given"}` : `${r.source_status} at the source`,
      body: r.cut ? `${r.body}…` : r.body,
    })),
    removedTotal: fig.removed,
    threadTitles: titles.rows.map((r) => r.title),
  };
}
