import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { pool } from "@/lib/db";
import { isDatabaseUnavailable } from "@/lib/errors";
import type { JobName } from "@/lib/jobs/definitions";
import { finishProgress, setProgress, startProgress } from "@/lib/jobs/progress";
import { ExportErasedError, erasedSince, lastErasure } from "@/lib/privacy/erasures";
import { exportDir, exportFilePath, exportTempPath } from "./export-dir";
import { exportChunks } from "./export";
import { resolveReportFilters, type ReportRequest } from "./filters";
import { renderPdfReport } from "./pdf/document";
import { countReportRows } from "./records";
import type { ExportAudit } from "./runs";

/** The `job_progress` kind of background exports. */
export const EXPORT_JOB_KIND = "export-report";
/** The pg-boss queue background exports run on (the same text as the progress kind, another meaning). */
const EXPORT_JOB_NAME = "export-report" satisfies JobName;

/** What a background export job carries: the report, who asked and how. */
export type ExportJobInput = ReportRequest & { userId: number | null; via: Exclude<ExportAudit["via"], "test"> };
/** `lastErasure`: the last erasure of a commenter's data that the file's rows include (see lib/privacy/erasures). */
export type ExportFileResult = { rows: number; bytes: number; lastErasure: string | null };

// Often enough for a progress bar, rarely enough that the UPDATEs cost nothing next to the export.
const PROGRESS_EVERY_MS = 500;

/**
 * Writes a report for a background job: the rows are counted first (the progress
 * total), then the existing streaming writers go to a temporary file, which is
 * synced and renamed to `<job id>.<format>` only when complete. A worker dying
 * midway leaves nothing under the final name; a retry rewrites the same file.
 * A commenter's data erased while it runs leaves no file either (its rows may hold the old texts).
 */
export async function writeReportFile(jobId: string, input: ExportJobInput): Promise<ExportFileResult> {
  const request: ReportRequest = { format: input.format, bom: input.bom, filters: input.filters };
  const audit = { userId: input.userId, via: input.via };
  const temp = exportTempPath(jobId, request.format);
  // Before any row is read: an erasure that commits later changes it, and one before is in the rows.
  let erasures: string | null = null;
  try {
    erasures = await lastErasure();
    const total = await countReportRows(await resolveReportFilters(request.filters));
    // A retry starts from the first row again (startProgress counts from zero).
    await startProgress(jobId, EXPORT_JOB_KIND, total);
    await stopIfCancelled(jobId);
    // Files hold every comment they cover: readable by the product's own account only.
    await fs.mkdir(exportDir(), { recursive: true, mode: 0o700 });
    let rows = 0;
    if (request.format === "pdf") {
      // The PDF is drawn from summary queries, not row by row: it covers its comments once written
      // (the count of rows includes pingbacks and trackbacks, which the PDF leaves out).
      await pipeline(renderPdfReport(request, { ...audit, who: await requesterName(input.userId) }, (comments) => (rows = comments)), createWriteStream(temp, { mode: 0o600 }));
    } else {
      // exportChunks yields a CSV header chunk, then one chunk per comment.
      let header = request.format === "csv" ? 1 : 0;
      let reportedAt = Date.now();
      await pipeline(
        // The erasure record read above is the one the rows are checked against.
        exportChunks(request, audit, { erasures }),
        async function* (chunks: AsyncIterable<string>) {
          for await (const chunk of chunks) {
            yield chunk;
            if (header > 0) header--;
            else rows++;
            if (Date.now() - reportedAt >= PROGRESS_EVERY_MS) {
              reportedAt = Date.now();
              await setProgress(jobId, rows);
              await stopIfCancelled(jobId);
            }
          }
        },
        createWriteStream(temp, { mode: 0o600 }),
      );
    }
    await syncFile(temp);
    // A PDF is drawn without progress reports, and a CSV's last rows come after its last one:
    // a cancel that came meanwhile still leaves no file.
    await stopIfCancelled(jobId);
    await stopIfErased(erasures);
    const target = exportFilePath(jobId, request.format);
    await fs.rename(temp, target);
    // An erasure committing during the rename did not see this file to delete it.
    try {
      await stopIfCancelled(jobId);
      await stopIfErased(erasures);
    } catch (err) {
      await fs.rm(target, { force: true });
      throw err;
    }
    const { size } = await fs.stat(target);
    await setProgress(jobId, rows);
    await finishProgress(jobId, "done");
    return { rows, bytes: size, lastErasure: erasures };
  } catch (caught) {
    // An erasure deletes the export folder's partial files too: this attempt's going is the erasure, not a disk fault.
    let err = caught;
    if ((caught as NodeJS.ErrnoException | null)?.code === "ENOENT") await stopIfErased(erasures).catch((erased: unknown) => (err = erased));
    if (err instanceof ExportCancelledError) console.log(`[export] job ${jobId} cancelled`);
    else if (err instanceof ExportErasedError) console.log(`[export] job ${jobId}: ${err.message}; no file was kept`);
    else console.error(`[export] job ${jobId} failed: ${err instanceof Error ? err.message : String(err)}`);
    // The job's own error is what pg-boss records; cleaning up must not replace it.
    await finishProgress(jobId, "failed", failureMessage(err)).catch((e: Error) => console.error(`[export] job ${jobId}: ${e.message}`));
    await fs.rm(temp, { force: true }).catch((e: Error) => console.error(`[export] job ${jobId}: ${e.message}`));
    throw err;
  }
}

/** Thrown inside a running export whose job was cancelled: it stops writing and leaves no file. */
export class ExportCancelledError extends Error {
  constructor(jobId: string) {
    super(`export job ${jobId} was cancelled`);
  }
}


async function stopIfErased(read: string | null): Promise<void> {
  if (erasedSince(read, await lastErasure())) throw new ExportErasedError();
}

/** Cancelling marks the job in pg-boss; the export looks at each progress report and stops. */
async function stopIfCancelled(jobId: string): Promise<void> {
  const { rows } = await pool.query("SELECT 1 FROM pgboss.job WHERE name = $1 AND id = $2::uuid AND state = 'cancelled'", [EXPORT_JOB_NAME, jobId]);
  if (rows.length) throw new ExportCancelledError(jobId);
}

/** So a machine crash right after the rename cannot leave an empty or partial file under the final name. */
async function syncFile(file: string): Promise<void> {
  const handle = await fs.open(file, "r+");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The PDF's title page names who made it, as the direct download does. */
async function requesterName(userId: number | null): Promise<string> {
  if (userId === null) return "the command line";
  const { rows } = await pool.query<{ email: string }>("SELECT email FROM app_user WHERE id = $1", [userId]);
  return rows[0]?.email ?? `user ${userId}`;
}

/** What the requester is told: the kind of failure, never a server path or query text (those go to the worker log). */
function failureMessage(err: unknown): string {
  if (err instanceof ExportCancelledError) return "cancelled";
  if (err instanceof ExportErasedError) return err.message;
  if (isDatabaseUnavailable(err)) return "the database was unavailable";
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if ((err as NodeJS.ErrnoException | null)?.syscall && code) return `the export folder could not be written (${code})`;
  return "an unexpected error; the worker log has the details";
}
