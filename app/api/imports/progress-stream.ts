import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { errorPayload } from "@/lib/auth/guard";
import type { ImportProgress } from "@/lib/ingest/import-files";
import { importUpload, type UploadQuery } from "@/lib/ingest/upload";
import { vacuumAfterImport } from "@/lib/jobs";

export const NDJSON = "application/x-ndjson";

/** One line of a streamed import: progress while it runs, then exactly one outcome. */
export type ImportStreamLine =
  | { type: "progress"; phase: ImportProgress["phase"]; done: number; total: number | null; bytesRead: number; bytesTotal: number }
  | { type: "summary"; summary: unknown }
  | { type: "rejected"; rejected: unknown }
  | { type: "error"; status: number; error: string };

/**
 * Imports an upload while answering with JSON lines: the importer's progress (at
 * most one line per `intervalMs`), then the outcome. The answer has started by the
 * time the import can fail, so a failure is the last line, not an HTTP status.
 */
export function importProgressStream(
  body: WebReadableStream<Uint8Array> | ReadableStream<Uint8Array> | null,
  declaredLength: number | null,
  query: UploadQuery,
  userId: number,
  intervalMs = 250,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  // The page's Cancel (or the page closed) ends the answer: the import rolls back at its next step.
  const abandoned = new AbortController();
  let open = true;
  return new ReadableStream<Uint8Array>({
    cancel() {
      open = false;
      abandoned.abort(new Error("the upload was cancelled"));
    },
    async start(controller) {
      const send = (line: ImportStreamLine) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
        } catch {
          open = false; // the client went away: cancel() stops the import
        }
      };
      let last = 0;
      const onProgress = (p: ImportProgress) => {
        const now = Date.now();
        if (now - last < intervalMs) return;
        last = now;
        send({ type: "progress", phase: p.phase, done: p.done, total: p.total ?? null, bytesRead: p.bytesRead, bytesTotal: p.bytesTotal });
      };
      try {
        const result = await importUpload(body, declaredLength, query, userId, { onProgress, signal: abandoned.signal });
        if (result.ok) {
          await vacuumAfterImport(result.summary);
          send({ type: "summary", summary: result.summary });
        } else send({ type: "rejected", rejected: result.rejected });
      } catch (err) {
        const { status, body: payload } = errorPayload(err);
        send({ type: "error", status, error: payload.error });
      }
      if (open) controller.close();
    },
  });
}
