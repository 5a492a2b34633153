import { randomUUID } from "node:crypto";
import path from "node:path";
import { inTransaction, pool } from "@/lib/db";
import { importFiles, type ImportSummary } from "@/lib/ingest";
import type { ImportProgress } from "@/lib/ingest/import-files";
import type { Format } from "@/lib/ingest/detect";
import { getBoss, onClient } from "./boss";
import { JOBS, type JobData } from "./definitions";
import { failProgress, finishProgress, queueProgress, setProgress, setProgressStep, startProgress } from "./progress";
import { vacuumAfterImport } from "./vacuum";

/** The `job_progress` kind of background imports. */
export const IMPORT_JOB_KIND = "import";

// Often enough for `npm run jobs -- ID --wait`, rarely enough to cost nothing next to the import.
const PROGRESS_EVERY_MS = 1000;

/**
 * Queues the import of a file or folder for a worker, which reads it at that path: on
 * another machine, the path must name the same file there (a shared folder). Returns the
 * job id, which `npm run jobs` follows. The run's record and the job are written together.
 */
export async function enqueueImport(file: string, options: { format?: Format; sourceKey?: string; userId?: number } = {}): Promise<string> {
  const id = randomUUID();
  const data = JOBS["import-file"].schema.parse({ path: path.resolve(file), format: options.format, sourceKey: options.sourceKey, userId: options.userId });
  const boss = await getBoss();
  await inTransaction(async (client) => {
    await queueProgress(id, IMPORT_JOB_KIND, client);
    await boss.send("import-file", data, { id, db: onClient(client) });
  });
  return id;
}

/**
 * Marks failed an import run whose job pg-boss has failed for good while the record still says it
 * runs: a worker killed on the last try, or a lease that ran out, leaves no one to write it.
 * Returns whether it did.
 */
export async function settleDeadImport(id: string): Promise<boolean> {
  const { rows } = await pool.query<{ state: string }>(
    `SELECT j.state FROM pgboss.job j JOIN job_progress p ON p.id = j.id::text
     WHERE j.name = 'import-file' AND j.id::text = $1 AND p.state IN ('queued', 'running')`,
    [id],
  );
  if (rows[0]?.state !== "failed") return false;
  await failProgress(id, "the import stopped on its last try (its worker was stopped, or it outlasted its lease): run it again; files already stored are kept");
  return true;
}

/** The outcome in one line, as the run's message. */
function describeImport(s: ImportSummary): string {
  const rejected = s.rejected.map((r) => `${r.file}${r.line ? `:${r.line}` : ""}: ${r.message}`);
  if (s.rejected.length && !s.comments) return `rejected, nothing stored: ${rejected.join("; ")}`;
  return (
    `${s.files} file${s.files === 1 ? "" : "s"}, ${s.comments.toLocaleString("en")} comments: ${s.inserted.toLocaleString("en")} new, ` +
    `${s.updated.toLocaleString("en")} updated, ${s.unchanged.toLocaleString("en")} unchanged, ${s.flagged.toLocaleString("en")} flagged` +
    (rejected.length ? `; rejected, nothing stored from them: ${rejected.join("; ")}` : "")
  );
}

/** What each phase of an import counts, for its progress line. */
const PHASE_WORDS: Record<ImportProgress["phase"], string> = { reading: "reading", writing: "storing", scoring: "scoring and flagging" };

/**
 * A running import's progress: the comments done in its current phase, out of the phase's total
 * once known (none while the file is read, which would have read as 100% throughout), and the
 * phase and file in words, since each phase counts from zero again.
 */
export async function reportImportStep(jobId: string, p: ImportProgress): Promise<void> {
  const total = p.phase === "reading" ? 0 : Math.max(p.total ?? 0, p.done);
  const file = p.files > 1 ? ` (file ${p.index} of ${p.files})` : "";
  await setProgressStep(jobId, p.done, total, `${PHASE_WORDS[p.phase]} ${path.basename(p.file)}${file}`);
}

/**
 * Runs a queued import (`import-file` job): each file is its own transaction, so a retry
 * finds the files already stored unchanged and stores the rest. A file the importer refuses
 * ends the run as failed, naming the file and line; a fault of the server (the database
 * away) fails the try, to be retried.
 */
export async function runImportJob(jobId: string, data: JobData<"import-file">, lastTry = false) {
  await startProgress(jobId, IMPORT_JOB_KIND, 0);
  let reportedAt = 0;
  let reporting: Promise<unknown> = Promise.resolve();
  try {
    const summary = await importFiles([data.path], {
      format: data.format as Format | undefined,
      sourceKey: data.sourceKey,
      userId: data.userId,
      onProgress: (p) => {
        if (Date.now() - reportedAt < PROGRESS_EVERY_MS) return;
        reportedAt = Date.now();
        // One update at a time; a failed one only leaves the figure behind.
        reporting = reporting.then(() => reportImportStep(jobId, p)).catch(() => {});
      },
    });
    await reporting;
    const fault = summary.rejected.find((r) => r.serverFault);
    if (fault) throw new Error(`${fault.file}: ${fault.message}`);
    await setProgress(jobId, summary.comments, undefined, summary.comments);
    await finishProgress(jobId, summary.rejected.length ? "failed" : "done", describeImport(summary));
    await vacuumAfterImport(summary);
    const { perFile: _perFile, ...totals } = summary;
    return { ...totals, ok: !summary.rejected.length };
  } catch (err) {
    await reporting;
    if (lastTry) await failProgress(jobId, `the import failed: ${err instanceof Error ? err.message : String(err)}`).catch(() => {});
    throw err;
  }
}
