import { localToday } from "@/lib/analytics/timezone";
import { protectApostrophes } from "@/lib/csv-formulas";
import { stringify } from "csv-stringify/sync";
import { describeFilters, resolveReportFilters, type ReportRequest, type ResolvedReportFilters } from "./filters";
import { CSV_COLUMNS, exportRecords, type ExportRecord } from "./records";
import { recordExportRun, type ExportAudit, type ExportOutcome } from "./runs";

export const CONTENT_TYPES: Record<ReportRequest["format"], string> = {
  csv: "text/csv; charset=utf-8",
  jsonl: "application/x-ndjson; charset=utf-8",
  pdf: "application/pdf",
};

/**
 * The download's file name: the date range, an open end named by the newsroom's day the report
 * was made (`timeZone`), or that day alone when it has none.
 * The CSV for Excel (with a byte-order mark) says so, so the two downloads do not overwrite each other.
 */
export function reportFileName(request: Pick<ReportRequest, "format" | "filters"> & { bom?: boolean }, madeAt = new Date(), timeZone = "UTC"): string {
  const f = request.filters;
  const day = localToday(timeZone, madeAt);
  const range = f.from || f.to ? `${f.from ?? "start"}_to_${f.to ?? day}` : day;
  const excel = request.format === "csv" && request.bom ? "-excel" : "";
  return `${request.format === "pdf" ? "comment-report" : "comments"}-${range}${excel}.${request.format}`;
}

/** Scores in a CSV to four decimals: spreadsheets show every digit of a float; JSON lines keep them whole. */
const csvScore = (x: number | null) => (x === null ? null : Math.round(x * 10_000) / 10_000);

function csvRow(r: ExportRecord): unknown[] {
  const { score, ...attributes } = r.incivility;
  return [
    r.thread.key, r.thread.title, r.thread.url, r.thread.source, r.sourceId, r.parentSourceId, r.parentInferred,
    r.author, r.postedAt, r.body, r.sourceStatus, r.kind, csvScore(r.sentiment.score), r.sentiment.label, csvScore(score),
    r.moderation.status, r.thread.section, ...Object.values(attributes).map(csvScore), r.moderation.reason, r.moderation.decidedAt, r.model,
  ];
}

/**
 * Readers write the bodies and names: a cell starting with = + - @, a tab or a carriage return would run
 * as a formula when the file is opened in a spreadsheet ("=HYPERLINK(…)"), so such text gets a leading '
 * (numbers are left alone). JSON lines keep the exact text.
 */
const CSV_OPTIONS = { cast: { boolean: (b: boolean) => (b ? "true" : "false"), string: protectApostrophes }, escape_formulas: true };

/**
 * A CSV or JSON lines export as text chunks (a header, then one chunk per comment),
 * so callers stream it to a file or an HTTP response without holding the rows.
 * The run is recorded when the stream ends: completed, or cancelled / failed with
 * the rows that went out.
 */
export async function* exportChunks(request: ReportRequest, audit: ExportAudit): AsyncGenerator<string> {
  if (request.format === "pdf") throw new Error("PDF reports are made by renderPdfReport");
  const filters = await resolveReportFilters(request.filters);
  let rows = 0;
  let status: ExportOutcome = "cancelled";
  try {
    if (request.format === "csv") {
      yield (request.bom ? "\uFEFF" : "") + stringify([CSV_COLUMNS as unknown as string[]]);
      for await (const record of exportRecords(filters)) {
        rows++;
        yield stringify([csvRow(record)], CSV_OPTIONS);
      }
    } else {
      for await (const record of exportRecords(filters)) {
        rows++;
        yield `${JSON.stringify(record)}\n`;
      }
    }
    status = "completed";
  } catch (err) {
    status = "failed";
    throw err;
  } finally {
    await recordExportRun(audit, { format: request.format, filters: logFilters(filters, request.bom), rowCount: rows, status });
  }
}

export function logFilters(filters: ResolvedReportFilters, bom: boolean): Record<string, unknown> {
  return { ...describeFilters(filters), ...(bom ? { bom: true } : {}) };
}

/** Wraps a chunk iterator as a web ReadableStream (for route handlers); a client abort ends the iterator. */
export function toReadableStream(chunks: AsyncGenerator<string | Uint8Array>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      try {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(typeof value === "string" ? encoder.encode(value) : value);
      } catch (err) {
        controller.error(err);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
