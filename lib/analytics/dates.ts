/** Calendar arithmetic on newsroom-local dates written YYYY-MM-DD (no time, no zone). */

const DAY_MS = 86_400_000;

export const BUCKETS = ["day", "week", "month"] as const;
export type Bucket = (typeof BUCKETS)[number];

function toUtc(date: string): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

/** Days from `from` to `to`, both included. */
export function daysInRange(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS) + 1;
}

/** The first day of the bucket holding `date`: itself, its ISO week's Monday, or the 1st of its month. */
export function bucketStart(date: string, bucket: Bucket): string {
  if (bucket === "day") return date;
  if (bucket === "month") return `${date.slice(0, 8)}01`;
  const weekday = (new Date(toUtc(date)).getUTCDay() + 6) % 7; // Monday = 0
  return addDays(date, -weekday);
}

/** The last day of the bucket starting at `start`. */
export function bucketEnd(start: string, bucket: Bucket): string {
  if (bucket === "day") return start;
  if (bucket === "week") return addDays(start, 6);
  const [y, m] = start.split("-").map(Number) as [number, number];
  return fromUtc(Date.UTC(y, m, 1) - DAY_MS);
}

/** Every bucket start from the bucket of `from` to the bucket of `to`. */
export function bucketStarts(from: string, to: string, bucket: Bucket): string[] {
  const out: string[] = [];
  for (let b = bucketStart(from, bucket); b <= to; b = addDays(bucketEnd(b, bucket), 1)) out.push(b);
  return out;
}

/** Day buckets up to two months, weeks up to a year and a half, months beyond. */
export function pickBucket(from: string, to: string): Bucket {
  const days = daysInRange(from, to);
  return days <= 62 ? "day" : days <= 550 ? "week" : "month";
}

/** The most periods a chart draws; more would be bars thinner than a pixel and a data table of thousands of rows. */
export const MAX_PERIODS = 400;

/** The bucket asked for, or the next coarser one while the range would hold more than MAX_PERIODS of it. */
export function fitBucket(from: string, to: string, asked: Bucket): Bucket {
  let bucket = asked;
  while (bucket !== "month" && bucketStarts(from, to, bucket).length > MAX_PERIODS) bucket = bucket === "day" ? "week" : "month";
  return bucket;
}

// Building an Intl.DateTimeFormat costs far more than formatting with one, and a page
// labels hundreds of dates with the same few option sets: one formatter per set.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** "12 Mar 2026" style label for a date, in English, without any zone shift. */
export function formatDate(date: string, options: Intl.DateTimeFormatOptions = { day: "numeric", month: "short", year: "numeric" }): string {
  const key = JSON.stringify(options);
  let format = formatters.get(key);
  if (!format) formatters.set(key, (format = new Intl.DateTimeFormat("en-GB", { ...options, timeZone: "UTC" })));
  return format.format(new Date(toUtc(date)));
}

/**
 * A bucket's label: the day, "w/c 9 Mar", or "Mar 2026". Days and weeks name their year when the
 * range spans more than one (`from`, `to`: the range), or "9 Mar" would come round again.
 */
export function bucketLabel(start: string, bucket: Bucket, range?: { from: string; to: string }): string {
  if (bucket === "month") return formatDate(start, { month: "short", year: "numeric" });
  const withYear = !!range && range.from.slice(0, 4) !== range.to.slice(0, 4);
  const day = formatDate(start, withYear ? { day: "numeric", month: "short", year: "numeric" } : { day: "numeric", month: "short" });
  return bucket === "week" ? `w/c ${day}` : day;
}
