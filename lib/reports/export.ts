import { localToday } from "@/lib/analytics/timezone";
import { stringify } from "csv-stringify/sync";
import { describeFilters, resolveReportFilters, withBom, type ReportRequest, type ResolvedReportFilters } from "./filters";
import { CSV_OPTIONS, csvRow, jsonLine, localTime } from "./formats";
import { CSV_COLUMNS, exportRecords } from "./records";
import { recordExportRun, type ExportAudit, type ExportOutcome } from "./runs";
import { ExportErasedError, erasedSince, lastErasure } from "@/lib/privacy/erasures";

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
  const excel = withBom(request) ? "-excel" : "";
  return `${request.format === "pdf" ? "comment-report" : "comments"}-${range}${excel}.${request.format}`;
}

/**
 * A CSV or JSON lines export as text chunks (a header, then one chunk per comment),
 * so callers stream it to a file or an HTTP response without holding the rows.
 * The run is recorded when the stream ends: completed, or cancelled / failed with
 * the rows that went out.
 */
export async function* exportChunks(
  request: ReportRequest,
  audit: ExportAudit,
  /** The erasure record as the caller read it before any row (else read here). */
  options: { erasures?: string | null } = {},
): AsyncGenerator<string> {
  if (request.format === "pdf") throw new Error("PDF reports are made by renderPdfReport");
  const filters = await resolveReportFilters(request.filters);
  // Read before any row: an erasure committing while the rows are read changes it (see the end).
  const erasures = options.erasures !== undefined ? options.erasures : await lastErasure();
  let rows = 0;
  let status: ExportOutcome = "cancelled";
  try {
    if (request.format === "csv") {
      yield (request.bom ? "\uFEFF" : "") + stringify([CSV_COLUMNS as unknown as string[]]);
      const local = localTime(filters.timezone);
      for await (const record of exportRecords(filters)) {
        rows++;
        yield stringify([csvRow(record, local)], CSV_OPTIONS);
      }
    } else {
      for await (const record of exportRecords(filters)) {
        rows++;
        yield jsonLine(record);
      }
    }
    // Rows read before a commenter's data was erased may hold it: the export fails rather than end
    // whole (a download is then shown as failed, a file never renamed into place).
    if (erasedSince(erasures, await lastErasure())) {
      throw new ExportErasedError();
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
export function toReadableStream(chunks: AsyncGenerator<string | Uint8Array>, cut?: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      // Ended from outside (a download left unread): the response fails now, not at a next read that may never come.
      cut?.addEventListener("abort", () => controller.error(cut.reason), { once: true });
    },
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
