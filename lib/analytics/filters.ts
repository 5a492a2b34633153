import { z } from "zod";
import { dbText } from "@/lib/zod-fields";
import { readPool as pool } from "@/lib/db";
import { settledActiveScorer } from "@/lib/scoring";
import { isCalendarDate } from "@/lib/calendar-date";
import { addDays, BUCKETS, daysInRange, fitBucket, pickBucket, type Bucket } from "./dates";
import { getTimezone, localToday } from "./timezone";

const isoDate = z.string().refine(isCalendarDate, { message: "a date as YYYY-MM-DD" });
/** At most ten years at once. */
export const MAX_DAYS = 3660;
export const DEFAULT_DAYS = 30;

/** "name@version" of the scoring model whose scores the charts show (unset: the active one). */
export const modelParam = dbText.max(200).regex(/^[^@]+@[^@]+$/, "model as name@version");

/** The rules every date range of the charts keeps: from before to, at most ten years. */
export function withRangeChecks<S extends z.ZodType<{ from?: string; to?: string }>>(schema: S) {
  return schema
    .refine((p) => !p.from || !p.to || p.from <= p.to, { message: "from must not be after to", path: ["from"] })
    .refine((p) => !p.from || !p.to || daysInRange(p.from, p.to) <= MAX_DAYS, { message: "at most ten years at once", path: ["to"] });
}

/**
 * On the Insights page a range without `to` runs to today: a `from` alone must keep it within
 * ten years too (counted to tomorrow in UTC, so no newsroom's today is refused). Article and
 * author pages end such a range at their last comment and shorten it themselves.
 */
function withFromAloneCheck<S extends z.ZodType<{ from?: string; to?: string }>>(schema: S) {
  return schema.refine((p) => !p.from || !!p.to || daysInRange(p.from, addDays(utcToday(), 1)) <= MAX_DAYS, {
    message: "at most ten years at once: from is more than ten years ago (give to as well)",
    path: ["from"],
  });
}

const utcToday = () => new Date().toISOString().slice(0, 10);

/**
 * The model a "name@version" parameter names, or the active one, read from the settings first in
 * a new process (its cached model is the shipped one until then).
 */
export async function modelOf(param: string | undefined): Promise<ModelVersion> {
  if (!param) {
    const { name, version } = (await settledActiveScorer()).model;
    return { name, version };
  }
  const [name, version] = param.split("@") as [string, string];
  return { name, version };
}

/** What the Insights page and its API accept (search params; repeated keys for lists). */
export const insightsParamsSchema = withFromAloneCheck(withRangeChecks(
  z.object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    source: z.array(dbText.trim().min(1).max(200)).max(50).default([]),
    section: z.array(dbText.max(200)).max(50).default([]),
    /** Unset: chosen from the range's length (days up to two months, then weeks, then months). */
    bucket: z.enum(BUCKETS).optional(),
    model: modelParam.optional(),
  }),
));
export type InsightsParams = z.infer<typeof insightsParamsSchema>;

export type ModelVersion = { name: string; version: string };

/** Filters with defaults filled in and source keys resolved: what every insights query takes. */
export type InsightsFilters = {
  from: string;
  to: string;
  days: number;
  /** The period of the same length just before, for period-over-period change. */
  previous: { from: string; to: string };
  sourceKeys: string[];
  /** null = every source. Unknown keys resolve to no id (and so to no data), never to "all". */
  sourceIds: number[] | null;
  /** Source keys asked for that no source has, for the page to name. */
  unknownSources: string[];
  /** null = every section; "" is "no section". */
  sections: string[] | null;
  bucket: Bucket;
  /** The bucket asked for, when the range held too many of it and `bucket` is coarser; else null. */
  bucketAsked: Bucket | null;
  /** Whether the request named a bucket: without one, each range gets the bucket that fits it. */
  bucketChosen: boolean;
  model: ModelVersion;
  /** "name@version" asked for that no stored score has (a typo, an old link), for the page to name; else null. */
  unknownModel: string | null;
  /** "name@version" when the figures come from a model other than the active one (drill-downs carry it), else null. */
  otherModel: string | null;
  timezone: string;
};

/** Reads search params (a URLSearchParams or Next's record) into the params schema. */
export function paramsFromSearch(search: URLSearchParams | Record<string, string | string[] | undefined>): InsightsParams {
  const get = (key: string): string[] => {
    if (search instanceof URLSearchParams) return search.getAll(key);
    const value = search[key];
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
  };
  const single = (key: string) => get(key).find((v) => v !== "") || undefined;
  return insightsParamsSchema.parse({
    from: single("from"),
    to: single("to"),
    source: get("source").filter(Boolean),
    section: get("section"),
    bucket: single("bucket"),
    model: single("model"),
  });
}

/** Fills defaults (the last 30 newsroom days, the active model) and resolves source keys. */
export async function resolveFilters(params: InsightsParams): Promise<InsightsFilters> {
  const timezone = await getTimezone();
  const to = params.to ?? (params.from ? maxDate(params.from, localToday(timezone)) : localToday(timezone));
  const from = params.from ?? addDays(to, -(DEFAULT_DAYS - 1));
  const days = daysInRange(from, to);
  const bucket = params.bucket ? fitBucket(from, to, params.bucket) : pickBucket(from, to);
  let sourceIds: number[] | null = null;
  let unknownSources: string[] = [];
  if (params.source.length) {
    const { rows } = await pool.query<{ id: number; key: string }>("SELECT id, key FROM source WHERE key = ANY($1::text[])", [params.source]);
    sourceIds = rows.map((r) => r.id);
    const known = new Set(rows.map((r) => r.key));
    unknownSources = params.source.filter((key) => !known.has(key));
  }
  const active = (await settledActiveScorer()).model;
  const model = await modelOf(params.model);
  let unknownModel: string | null = null;
  if (params.model && !(model.name === active.name && model.version === active.version)) {
    const { rows } = await pool.query<{ known: boolean }>(
      "SELECT EXISTS (SELECT 1 FROM rollup_day_score WHERE model = $1 AND model_version = $2) AS known",
      [model.name, model.version],
    );
    if (!rows[0]!.known) unknownModel = params.model;
  }
  return {
    from,
    to,
    days,
    previous: { from: addDays(from, -days), to: addDays(from, -1) },
    sourceKeys: params.source,
    sourceIds,
    unknownSources,
    sections: params.section.length ? params.section : null,
    bucket,
    bucketAsked: params.bucket && params.bucket !== bucket ? params.bucket : null,
    bucketChosen: params.bucket !== undefined,
    model,
    unknownModel,
    otherModel: model.name === active.name && model.version === active.version ? null : `${model.name}@${model.version}`,
    timezone,
  };
}

function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

/**
 * The parameters shared by rollup queries, in this order:
 * $1 from, $2 to, $3 source ids (or null), $4 sections (or null), $5 model, $6 model version.
 */
export function rollupParams(f: InsightsFilters, range: { from: string; to: string } = f): unknown[] {
  return [range.from, range.to, f.sourceIds, f.sections, f.model.name, f.model.version];
}

/** WHERE conditions on a rollup aliased `r` with day, source_id and section columns. */
export const SEGMENT_SQL = `r.day BETWEEN $1::date AND $2::date
  AND ($3::int[] IS NULL OR r.source_id = ANY($3::int[]))
  AND ($4::text[] IS NULL OR r.section = ANY($4::text[]))`;

/** The same conditions for thread-keyed rollups, through the thread row. */
export const THREAD_SEGMENT_SQL = `r.day BETWEEN $1::date AND $2::date
  AND ($3::int[] IS NULL OR t.source_id = ANY($3::int[]))
  AND ($4::text[] IS NULL OR coalesce(t.section, '') = ANY($4::text[]))`;

/** Search params that reproduce the filters (for links that keep them). */
export function filtersToSearch(f: InsightsFilters, changes: Partial<Record<"from" | "to" | "bucket" | "model", string>> = {}): string {
  const search = new URLSearchParams();
  search.set("from", changes.from ?? f.from);
  search.set("to", changes.to ?? f.to);
  for (const key of f.sourceKeys) search.append("source", key);
  for (const section of f.sections ?? []) search.append("section", section);
  search.set("bucket", changes.bucket ?? f.bucket);
  search.set("model", changes.model ?? `${f.model.name}@${f.model.version}`);
  return search.toString();
}
