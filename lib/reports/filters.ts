import { z } from "zod";
import { dbIdText, dbText } from "@/lib/zod-fields";
import { isCalendarDate } from "@/lib/calendar-date";
import { getTimezone } from "@/lib/analytics/timezone";
import { addDays, daysInRange } from "@/lib/analytics/dates";
import { MAX_DAYS, withRangeChecks } from "@/lib/analytics/filters";
import { settledActiveScorer } from "@/lib/scoring";
import { parseLeavingOut } from "@/lib/http";

export const REPORT_FORMATS = ["csv", "jsonl", "pdf"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const MOD_STATUSES = ["none", "flagged", "escalated", "approved", "rejected"] as const;
export const SOURCE_STATUSES = ["visible", "deleted", "spam", "pending"] as const;
export const COMMENT_KINDS = ["comment", "pingback", "trackback"] as const;
/** A comment "has" an attribute when the chosen model scores it 0.5 or more on it. */
export const ATTRIBUTE_AT = 0.5;

const isoDate = z.string().refine(isCalendarDate, { message: "a date as YYYY-MM-DD" });

/**
 * A from alone runs to the last comment, which may be today: kept within ten years of tomorrow in
 * UTC (no newsroom's today is refused), as the Insights page does. A range without from is the
 * comments' own, which needs no bound.
 */
const fromAloneWithinLimit = (f: { from?: string; to?: string }) =>
  !f.from || !!f.to || daysInRange(f.from, addDays(new Date().toISOString().slice(0, 10), 1)) <= MAX_DAYS;

/**
 * Filters of a report, as the builder, the API and the CLI take them. Dates are newsroom-local days, both included.
 * At most ten years at once, as on the Insights page (MAX_DAYS): the PDF draws a chart period by period of the range.
 */
const reportFilterFields = z.object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    source: z.array(dbText.trim().min(1).max(200)).max(100).default([]),
    thread: z.array(dbIdText).max(1000).default([]),
    status: z.array(z.enum(MOD_STATUSES)).default([]),
    sourceStatus: z.array(z.enum(SOURCE_STATUSES)).default([]),
    /** Threads' sections; "" is "no section". */
    section: z.array(dbText.max(200)).max(50).default([]),
    /** Comments, pingbacks, trackbacks. */
    kind: z.array(z.enum(COMMENT_KINDS)).default([]),
    attribute: z.array(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,40}$/, "an attribute name such as insult")).max(20).default([]),
    model: dbText.max(200).regex(/^[^@]+@[^@]+$/, "model as name@version").optional(),
});
export const reportFiltersSchema = withRangeChecks(reportFilterFields).refine(fromAloneWithinLimit, {
  message: "at most ten years at once: from is more than ten years ago (give to as well)",
  path: ["from"],
});
export type ReportFilters = z.infer<typeof reportFiltersSchema>;

const requestFields = {
  format: z.enum(REPORT_FORMATS),
  /** Prefix a UTF-8 byte-order mark so Excel opens the CSV as UTF-8. */
  bom: z.boolean().default(false),
};

/** Whether a request's file starts with a byte-order mark: one is for CSV opened in Excel, and asked for with another format it is dropped. */
export function withBom(request: { format: ReportFormat; bom?: boolean }): boolean {
  return request.format === "csv" && !!request.bom;
}

/** No file or log claims a byte-order mark a JSON lines or PDF export does not have. */
export const reportRequestSchema = z
  .object({ ...requestFields, filters: reportFiltersSchema })
  .transform((request) => ({ ...request, bom: withBom(request) }));

/**
 * A request as a queued export stored it: its range was checked when it was asked for, and is
 * read back as it is. The ten-year rule for a `from` alone moves with the date, and jobs queued
 * by earlier versions had no such rule: read with it, they would drop out of the list.
 */
export const storedReportRequestSchema = z.object({ ...requestFields, filters: reportFilterFields });
export type ReportRequest = z.infer<typeof reportRequestSchema>;

/** Filters with the model and time zone settled: what queries take. */
export type ResolvedReportFilters = Omit<ReportFilters, "model"> & { model: { name: string; version: string }; timezone: string };

type Search = URLSearchParams | Record<string, string | string[] | undefined>;

function getter(search: Search) {
  return (key: string): string[] => {
    if (search instanceof URLSearchParams) return search.getAll(key).flatMap(splitList);
    const value = search[key];
    return (value === undefined ? [] : Array.isArray(value) ? value : [value]).flatMap(splitList);
  };
}

function raw(search: Search, key: string): string[] {
  if (search instanceof URLSearchParams) return search.getAll(key);
  const value = search[key];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** `source=a&source=b` and `source=a,b` mean the same. */
function splitList(value: string): string[] {
  return value.split(",").map((v) => v.trim()).filter(Boolean);
}

/** The filters' fields as the search params give them, before validation. */
function rawFilters(search: Search): Record<keyof ReportFilters, unknown> {
  const get = getter(search);
  return {
    from: get("from")[0],
    to: get("to")[0],
    source: get("source"),
    thread: get("thread"),
    status: get("status"),
    sourceStatus: get("sourceStatus"),
    // Section names may hold commas, and "" (no section) is a choice: taken as they come.
    section: raw(search, "section"),
    kind: get("kind"),
    attribute: get("attribute"),
    model: get("model")[0],
  };
}

/** Reads report filters from search params (builder form, API query string). */
export function reportFiltersFromSearch(search: Search): ReportFilters {
  return reportFiltersSchema.parse(rawFilters(search));
}

/**
 * The fields of search params that are usable on their own, for a form to show again after
 * the whole was refused: one bad field does not clear the others. Dates come back as typed.
 */
export function usableReportFilters(search: Search): ReportFilters {
  const input = rawFilters(search);
  const typed = (value: unknown) => (typeof value === "string" && value ? value : undefined);
  return { ...parseLeavingOut(reportFiltersSchema, input).data, from: typed(input.from), to: typed(input.to) };
}

/** Reads a whole request (format, bom and filters) from search params. */
export function reportRequestFromSearch(search: Search, defaults: { format?: ReportFormat } = {}): ReportRequest {
  const get = getter(search);
  const bom = get("bom")[0];
  return reportRequestSchema.parse({
    format: get("format")[0] ?? defaults.format,
    bom: bom === "1" || bom === "true",
    filters: reportFiltersFromSearch(search),
  });
}

const modelParts = (m: { name: string; version: string }): [string, string] => [m.name, m.version];

export async function resolveReportFilters(filters: ReportFilters): Promise<ResolvedReportFilters> {
  const [name, version] = filters.model ? (filters.model.split("@") as [string, string]) : modelParts((await settledActiveScorer()).model);
  return { ...filters, model: { name, version }, timezone: await getTimezone() };
}

/**
 * SQL conditions on `comment c` (joined to `thread t` and `source src`) for the filters,
 * with their parameters numbered from `first`. The chosen model's score is `s`.
 */
export function reportWhere(f: ResolvedReportFilters, first: number): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return `$${first + params.length - 1}`;
  };
  const conditions: string[] = [];
  if (f.from) conditions.push(`c.posted_at >= (${p(f.from)}::date)::timestamp AT TIME ZONE ${p(f.timezone)}`);
  if (f.to) conditions.push(`c.posted_at < (${p(f.to)}::date + 1)::timestamp AT TIME ZONE ${p(f.timezone)}`);
  if (f.source.length) conditions.push(`src.key = ANY(${p(f.source)}::text[])`);
  if (f.thread.length) conditions.push(`c.thread_id = ANY(${p(f.thread)}::int[])`);
  if (f.status.length) conditions.push(`c.mod_status::text = ANY(${p(f.status)}::text[])`);
  if (f.sourceStatus.length) conditions.push(`c.source_status::text = ANY(${p(f.sourceStatus)}::text[])`);
  if (f.section.length) conditions.push(`coalesce(t.section, '') = ANY(${p(f.section)}::text[])`);
  if (f.kind.length) conditions.push(`c.kind::text = ANY(${p(f.kind)}::text[])`);
  if (f.attribute.length) {
    conditions.push(
      `EXISTS (SELECT 1 FROM jsonb_each(s.attributes) a WHERE a.key = ANY(${p(f.attribute)}::text[])
         AND jsonb_typeof(a.value) = 'number' AND (a.value)::float8 >= ${ATTRIBUTE_AT})`,
    );
  }
  return { sql: conditions.length ? conditions.join(" AND ") : "true", params };
}

/** The filters as stored in the export log and printed on the PDF title page (empty ones left out). */
export function describeFilters(f: ResolvedReportFilters): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (f.from) out.from = f.from;
  if (f.to) out.to = f.to;
  if (f.source.length) out.source = f.source;
  if (f.thread.length) out.thread = f.thread;
  if (f.status.length) out.status = f.status;
  if (f.sourceStatus.length) out.sourceStatus = f.sourceStatus;
  if (f.section.length) out.section = f.section;
  if (f.kind.length) out.kind = f.kind;
  if (f.attribute.length) out.attribute = f.attribute;
  out.model = `${f.model.name}@${f.model.version}`;
  out.timezone = f.timezone;
  return out;
}

/** Search params reproducing a request (download links from the builder). */
export function reportSearch(request: { format?: ReportFormat; bom?: boolean; filters: ReportFilters }): string {
  const search = new URLSearchParams();
  if (request.format) search.set("format", request.format);
  if (request.bom) search.set("bom", "1");
  const f = request.filters;
  if (f.from) search.set("from", f.from);
  if (f.to) search.set("to", f.to);
  for (const v of f.source) search.append("source", v);
  for (const v of f.thread) search.append("thread", String(v));
  for (const v of f.status) search.append("status", v);
  for (const v of f.sourceStatus) search.append("sourceStatus", v);
  for (const v of f.section) search.append("section", v);
  for (const v of f.kind) search.append("kind", v);
  for (const v of f.attribute) search.append("attribute", v);
  if (f.model) search.set("model", f.model);
  return search.toString();
}
