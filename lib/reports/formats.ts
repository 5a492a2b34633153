import { protectApostrophes } from "@/lib/csv-formulas";
import type { ExportRecord } from "./records";

/** Scores in a CSV to four decimals: spreadsheets show every digit of a float; JSON lines keep them whole. */
const csvScore = (x: number | null) => (x === null ? null : Math.round(x * 10_000) / 10_000);

/**
 * An ISO instant as `YYYY-MM-DD HH:MM:SS` on the newsroom's clock (`timeZone`): the CSV's
 * `postedAtLocal`, for people reading it in a spreadsheet; `postedAt` stays the exact UTC time.
 * One formatter per export, not per row.
 */
export function localTime(timeZone: string): (iso: string) => string {
  const format = new Intl.DateTimeFormat("en-CA", {
    timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23",
  });
  return (iso) => {
    // By parts: the locale's own punctuation between them differs from one ICU version to the next.
    const p = Object.fromEntries(format.formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
  };
}

/** One CSV row, in the order of CSV_COLUMNS. */
export function csvRow(r: ExportRecord, local: (iso: string) => string): unknown[] {
  const { score, ...attributes } = r.incivility;
  return [
    r.thread.key, r.thread.title, r.thread.url, r.thread.source, r.sourceId, r.parentSourceId, r.parentInferred,
    r.author, r.postedAt, local(r.postedAt), r.body, r.sourceStatus, r.kind, csvScore(r.sentiment.score), r.sentiment.label, csvScore(score),
    r.moderation.status, r.thread.section, ...Object.values(attributes).map(csvScore), r.moderation.reason, r.moderation.decidedAt, r.model,
    r.postedAtEstimated,
  ];
}

/**
 * Readers write the bodies and names: a cell starting with = + - @, a tab or a carriage return would run
 * as a formula when the file is opened in a spreadsheet ("=HYPERLINK(…)"), so such text gets a leading '
 * (numbers are left alone). JSON lines keep the exact text.
 */
export const CSV_OPTIONS = { cast: { boolean: (b: boolean) => (b ? "true" : "false"), string: protectApostrophes }, escape_formulas: true };

/** Characters JSON.stringify leaves as they are that some readers take as the end of a line. */
const LINE_ENDS = /[\u2028\u2029\u0085]/g;

/**
 * One JSON lines record. U+2028 and U+2029 (line and paragraph separators) and U+0085 (NEL) are
 * escaped: valid inside a JSON string, but JavaScript before ES2019, Python's splitlines() and
 * some editors end a line at them, which would cut a record in two.
 */
export function jsonLine(value: unknown): string {
  return `${JSON.stringify(value).replace(LINE_ENDS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}\n`;
}
