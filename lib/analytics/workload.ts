import { readPool as pool } from "@/lib/db";
import { addDays, bucketEnd, bucketLabel, bucketStarts } from "./dates";
import { rollupParams, SEGMENT_SQL, type InsightsFilters } from "./filters";
import { localToday } from "./timezone";

/** Upper bounds (seconds) of the time-to-decision bands; rollup_latency_bucket() in the database uses the same. */
export const LATENCY_BOUNDS = [60, 300, 900, 1800, 3600, 7200, 14400, 28800, 43200, 86400, 172800, 259200, 604800, 1209600, 2592000];
export const LATENCY_LABELS = [
  "under 1 min", "1–5 min", "5–15 min", "15–30 min", "30–60 min", "1–2 h", "2–4 h", "4–8 h", "8–12 h", "12–24 h",
  "1–2 days", "2–3 days", "3–7 days", "7–14 days", "14–30 days", "30 days or more",
];
/** Backlog age bands, in whole newsroom days since the comment was posted. */
export const AGE_BANDS = [
  { label: "today", maxDays: 0 },
  { label: "1–2 days", maxDays: 2 },
  { label: "3–7 days", maxDays: 7 },
  { label: "8–30 days", maxDays: 30 },
  { label: "older", maxDays: Infinity },
];

export type WorkloadPoint = {
  bucket: string;
  label: string;
  from: string;
  to: string;
  approve: number;
  reject: number;
  escalate: number;
  restore: number;
  /** Comments put in the review queue (flags, restores, escalations from outside it). */
  enteredQueue: number;
};
export type Workload = {
  series: WorkloadPoint[];
  decisions: number;
  /** Decisions by moderators (approve, reject, escalate) per time-to-decision band. */
  latency: { band: number; label: string; decisions: number }[];
  /** The band holding the median time from comment to decision, or null without decisions. */
  medianBand: string | null;
  /** Comments waiting in the queue now (flagged or escalated), whatever the date range. */
  backlog: number;
  backlogByAge: { label: string; comments: number }[];
};

/** Moderator workload: decisions per bucket, time from comment to decision, and the queue backlog now. */
export async function loadWorkload(f: InsightsFilters): Promise<Workload> {
  const params = rollupParams(f).slice(0, 4);
  const [byBucket, byBand, backlog] = await Promise.all([
    pool.query(
      `SELECT to_char(date_trunc($5, r.day::timestamp), 'YYYY-MM-DD') AS bucket, r.action,
              sum(r.decisions)::int AS decisions, sum(r.entered_queue)::int AS entered
       FROM rollup_decision_day r WHERE ${SEGMENT_SQL} GROUP BY 1, 2`,
      [...params, f.bucket],
    ),
    pool.query<{ band: number; decisions: number }>(
      `SELECT r.latency_bucket AS band, sum(r.decisions)::int AS decisions
       FROM rollup_decision_day r WHERE ${SEGMENT_SQL} AND r.latency_bucket >= 0 GROUP BY 1`,
      params,
    ),
    pool.query<{ day: string; open: number }>(
      `SELECT to_char(r.day, 'YYYY-MM-DD') AS day, sum(r.open)::int AS open FROM rollup_day r
       WHERE ($1::int[] IS NULL OR r.source_id = ANY($1::int[])) AND ($2::text[] IS NULL OR r.section = ANY($2::text[]))
       GROUP BY r.day HAVING sum(r.open) > 0`,
      [f.sourceIds, f.sections],
    ),
  ]);

  const points = new Map<string, WorkloadPoint>(
    bucketStarts(f.from, f.to, f.bucket).map((bucket) => {
      const end = bucketEnd(bucket, f.bucket);
      return [bucket, {
        bucket, label: bucketLabel(bucket, f.bucket, f), from: bucket < f.from ? f.from : bucket, to: end > f.to ? f.to : end,
        approve: 0, reject: 0, escalate: 0, restore: 0, enteredQueue: 0,
      }];
    }),
  );
  let decisions = 0;
  for (const r of byBucket.rows) {
    const point = points.get(r.bucket);
    if (!point) continue;
    point.enteredQueue += r.entered;
    if (r.action === "approve" || r.action === "reject" || r.action === "escalate" || r.action === "restore") {
      point[r.action as "approve"] += r.decisions;
      decisions += r.decisions;
    }
  }

  const bands = new Map(byBand.rows.map((r) => [r.band, r.decisions]));
  const latency = LATENCY_LABELS.map((label, band) => ({ band, label, decisions: bands.get(band) ?? 0 }));

  const today = localToday(f.timezone);
  const backlogByAge = AGE_BANDS.map((b) => ({ label: b.label, comments: 0 }));
  let backlogTotal = 0;
  for (const r of backlog.rows) {
    const age = Math.max(0, Math.round((Date.parse(today) - Date.parse(r.day)) / 86_400_000));
    backlogByAge[AGE_BANDS.findIndex((b) => age <= b.maxDays)]!.comments += r.open;
    backlogTotal += r.open;
  }
  return { series: [...points.values()], decisions, latency, medianBand: medianBand(latency), backlog: backlogTotal, backlogByAge };
}

/** The band in which the middle decision falls (the lower middle for an even count). */
export function medianBand(latency: { label: string; decisions: number }[]): string | null {
  const total = latency.reduce((sum, b) => sum + b.decisions, 0);
  if (!total) return null;
  const middle = Math.ceil(total / 2);
  let seen = 0;
  for (const band of latency) {
    seen += band.decisions;
    if (seen >= middle) return band.label;
  }
  return null;
}

/** The date `days` before today in the newsroom: for "older than" captions. */
export function daysAgo(timezone: string, days: number): string {
  return addDays(localToday(timezone), -days);
}
