import { z } from "zod";
import { stringify } from "csv-stringify/sync";
import { db } from "@/lib/db";
import { CSV_COLUMNS, exportRecords, type ExportRecord } from "./records";

export const EXPORT_FORMATS = ["csv", "jsonl"] as const;
export const exportRequestSchema = z.object({
  format: z.enum(EXPORT_FORMATS),
  /** Prefix a UTF-8 byte-order mark so Excel opens the CSV as UTF-8. */
  bom: z.coerce.boolean().default(false),
});
export type ExportRequest = z.infer<typeof exportRequestSchema>;

export const CONTENT_TYPES: Record<ExportRequest["format"], string> = {
  csv: "text/csv; charset=utf-8",
  jsonl: "application/x-ndjson; charset=utf-8",
};

function csvRow(r: ExportRecord): unknown[] {
  return [
    r.thread.key, r.thread.title, r.thread.url, r.thread.source, r.sourceId, r.parentSourceId, r.parentInferred,
    r.author, r.postedAt, r.body, r.sourceStatus, r.kind, r.sentiment.score, r.sentiment.label, r.incivility.score,
    r.moderation.status,
  ];
}

/**
 * The export as text chunks, one per record (plus a header for CSV), so callers can
 * stream it to a file or an HTTP response without holding all rows. Records the
 * export (who, format, row count) once the last row is out.
 */
export async function* exportChunks(
  request: ExportRequest,
  audit: { userId: number | null; via: string },
): AsyncGenerator<string> {
  let rows = 0;
  if (request.format === "csv") {
    yield (request.bom ? "\uFEFF" : "") + stringify([CSV_COLUMNS as unknown as string[]]);
    for await (const record of exportRecords()) {
      rows++;
      yield stringify([csvRow(record)], { cast: { boolean: (b) => (b ? "true" : "false") } });
    }
  } else {
    for await (const record of exportRecords()) {
      rows++;
      yield `${JSON.stringify(record)}\n`;
    }
  }
  await db.exportRun.create({
    data: { userId: audit.userId, format: request.format, filters: { bom: request.bom }, rowCount: rows, via: audit.via },
  });
}

/** Wraps a chunk iterator as a web ReadableStream (for route handlers). */
export function toReadableStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      try {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      } catch (err) {
        controller.error(err);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
