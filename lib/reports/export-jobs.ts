import { getTimezone } from "@/lib/analytics/timezone";
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import type { Readable } from "node:stream";
import { z } from "zod";
import { can } from "@/lib/auth/roles";
import { inTransaction, pool } from "@/lib/db";
import { ConflictError, DomainError, NotFoundError } from "@/lib/errors";
import { JOBS } from "@/lib/jobs/definitions";
import { enqueue } from "@/lib/jobs/enqueue";
import { getBoss } from "@/lib/jobs/boss";
import { finishProgress, queueProgress } from "@/lib/jobs/progress";
import { ERASED_AT_KEY, erasedSince } from "@/lib/privacy/erasures";
import { exportFilePath } from "./export-dir";
import { EXPORT_JOB_KIND, type ExportJobInput } from "./export-file";
import { CONTENT_TYPES, reportFileName } from "./export";
import { reportRequestSchema, withBom, type ReportFilters, type ReportFormat } from "./filters";

/** Reports with more rows than this are offered as a background export first (a direct download still works). */
export const LARGE_REPORT_ROWS = 100_000;

/**
 * A user's background exports queued or running at once. Each reads every row it covers and
 * writes a file kept for a week: without a limit, one account could queue thousands, keeping
 * the workers from everyone else's and filling the disk. The command line has none.
 */
export const PENDING_EXPORTS_PER_USER = 3;

/** How many of a user's exports the Exports page lists. */
export const RECENT_EXPORTS = 20;

export const exportJobIdSchema = z.object({ id: z.string().uuid("an export job id") });

/** Who is looking: a signed-in user (their own exports; admins any), or the command line (any). */
export type ExportViewer = { id: number; role: string } | "cli";

export type ReportExportJob = {
  id: string;
  format: ReportFormat;
  bom: boolean;
  filters: ReportFilters;
  requestedAt: string;
  finishedAt: string | null;
  state: "queued" | "running" | "done" | "failed";
  /** Rows written and rows counted when the job started (0 / 0 while queued). */
  done: number;
  total: number;
  /** Size of the finished file. */
  bytes: number | null;
  /** Why it failed, what a retry follows, or why a finished file is no longer offered. */
  message: string | null;
  /** Done, whether its file is still kept (false: expired after 7 days, or read before a commenter's data was erased); null otherwise. */
  fileKept: boolean | null;
};

/** Queues a report export for the workers; the job id names its state and, once done, its file. */
export async function enqueueReportExport(
  request: z.input<typeof reportRequestSchema>,
  requester: { userId: number | null; via: ExportJobInput["via"] },
): Promise<ReportExportJob> {
  const report = reportRequestSchema.parse(request);
  const id = randomUUID();
  const { userId } = requester;
  // The queue's tables exist once the boss has started: before the count below reads them.
  await getBoss();
  await inTransaction(async (client) => {
    if (userId !== null) {
      // One request at a time per user, so two at once cannot both pass the count.
      await client.query("SELECT pg_advisory_xact_lock(hashtext('export-user'), $1)", [userId]);
      const { rows } = await client.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'export-report' AND state IN ('created', 'retry', 'active') AND (data->>'userId')::int = $1",
        [userId],
      );
      const pending = rows[0]!.n;
      if (pending >= PENDING_EXPORTS_PER_USER) {
        throw new DomainError(
          `you have ${pending} exports queued or running, the most one person may; wait for one to finish, or cancel one on the Exports page`,
          429,
        );
      }
    }
    // Recorded with the job, so `npm run jobs -- ID` and the page can follow it from the start.
    await queueProgress(id, EXPORT_JOB_KIND, client);
    await enqueue("export-report", { ...report, ...requester }, { id, client });
  });
  return {
    id, format: report.format, bom: report.bom, filters: report.filters, requestedAt: new Date().toISOString(),
    finishedAt: null, state: "queued", done: 0, total: 0, bytes: null, message: null, fileKept: null,
  };
}

/** An export job's state and progress; NotFoundError unless the viewer may see it (the same answer as for no such job). */
export async function getReportExport(id: string, viewer: ExportViewer): Promise<ReportExportJob> {
  return (await visibleJob(id, viewer)).export;
}

async function visibleJob(id: string, viewer: ExportViewer): Promise<LoadedJob> {
  const [job] = await loadExportJobs("j.id = $1::uuid", [exportJobIdSchema.parse({ id }).id], 1);
  if (!job || !(viewer === "cli" || can(viewer.role, "administer") || job.userId === viewer.id)) {
    throw new NotFoundError(`no export job ${id}`);
  }
  return job;
}

/** What a finished job says of a file read before a commenter's data was erased. */
const ERASED_AFTER = "a commenter's data was erased after it was written";

/**
 * Cancels a queued or running export (same visibility as getReportExport). A queued one
 * is never started; a running one stops at its next progress report and leaves no file.
 * A finished export cannot be cancelled (ConflictError).
 */
export async function cancelReportExport(id: string, viewer: ExportViewer): Promise<ReportExportJob> {
  const job = await getReportExport(id, viewer);
  if (job.state === "done" || job.state === "failed") {
    throw new ConflictError(`export job ${id} has ${job.state === "done" ? "finished" : "failed"}; there is nothing to cancel`);
  }
  const boss = await getBoss();
  await boss.cancel("export-report", id);
  const now = await getReportExport(id, viewer);
  // It may have finished or failed in the meantime: then it keeps its file or its reason.
  if (now.message === "cancelled") await finishProgress(id, "failed", "cancelled");
  return now;
}

/** The viewer's own most recent exports, newest first. */
export async function listReportExports(viewer: { id: number }, limit = RECENT_EXPORTS): Promise<ReportExportJob[]> {
  const jobs = await loadExportJobs("(j.data->>'userId')::int = $1", [viewer.id], limit);
  return jobs.map((j) => j.export);
}

/** For `npm run jobs`: an export's progress as its job sees it, and where its file is or why it failed. */
export async function describeExportRun(id: string): Promise<{ progress: { state: string; done: number; total: number; message: string | null }; note: string | null }> {
  const job = await getReportExport(id, "cli");
  const note =
    job.state === "done" && job.fileKept === false ? `the file is no longer kept${job.message ? `: ${job.message}` : " (files go after 7 days)"}; export the report again`
    : job.state === "done" ? `file: ${exportFilePath(job.id, job.format)} (${job.bytes?.toLocaleString("en") ?? "?"} bytes)`
    : job.state === "queued" && !job.message ? "waiting for a worker (npm run worker)"
    : job.message;
  return { progress: { state: job.state, done: job.done, total: job.total, message: job.message }, note };
}

export type ExportFile = { stream: Readable; bytes: number; contentType: string; fileName: string };

/**
 * Opens a finished export for download (same visibility as getReportExport). A file read before a
 * commenter's data was erased answers as an expired one does (410), even if a worker's folder still holds it.
 */
export async function openReportExportFile(id: string, viewer: ExportViewer): Promise<ExportFile> {
  const { export: job, erased } = await visibleJob(id, viewer);
  if (job.state !== "done") throw new ConflictError(`export job ${id} is ${job.state}, not finished`);
  if (erased) throw new DomainError(`the file of export job ${id} is no longer kept: ${ERASED_AFTER}; export the report again`, 410);
  // Named before the file is opened: a database blip then leaves no open handle behind.
  const fileName = reportFileName(job, new Date(job.requestedAt), await getTimezone());
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(exportFilePath(job.id, job.format), "r");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    throw new DomainError(`the file of export job ${id} is no longer kept; export the report again`, 410);
  }
  try {
    const { size } = await handle.stat();
    return { stream: handle.createReadStream(), bytes: size, contentType: CONTENT_TYPES[job.format], fileName };
  } catch (err) {
    await handle.close().catch(() => {});
    throw err;
  }
}

// lastErasure is missing from files written before erasures were recorded: those count as read before any.
const outputSchema = z.object({ rows: z.number(), bytes: z.number(), lastErasure: z.string().nullable().optional() });

type Row = {
  id: string; data: unknown; state: string; output: unknown; created_on: Date; completed_on: Date | null;
  done: number | null; total: number | null; message: string | null; erased_at: string | null;
};

/** A job as loaded; `erased`: finished, but its rows were read before a commenter's data was erased. */
type LoadedJob = { userId: number | null; export: ReportExportJob; erased: boolean };

/**
 * Export jobs from pg-boss's own tables (live and archived), with their progress.
 * pg-boss keeps the payload, state and output, so exports need no table of their own.
 */
async function loadExportJobs(where: string, params: unknown[], limit: number): Promise<LoadedJob[]> {
  let rows: Row[];
  try {
    ({ rows } = await pool.query<Row>(
      `SELECT j.id::text AS id, j.data, j.state::text AS state, j.output, j.created_on, j.completed_on, p.done, p.total, p.message,
              (SELECT value #>> '{}' FROM setting WHERE key = $${params.length + 2}) AS erased_at
       FROM (SELECT id, data, state, output, created_on, completed_on FROM pgboss.job WHERE name = 'export-report'
             UNION ALL
             SELECT id, data, state, output, created_on, completed_on FROM pgboss.archive WHERE name = 'export-report') j
       LEFT JOIN job_progress p ON p.id = j.id::text
       WHERE ${where}
       ORDER BY j.created_on DESC, j.id LIMIT $${params.length + 1}`,
      [...params, limit, ERASED_AT_KEY],
    ));
  } catch (err) {
    // pg-boss creates its schema when the first job is queued: before that there is nothing to list.
    if ((err as { code?: string }).code === "42P01") return [];
    throw err;
  }
  const jobs = rows.flatMap((r): LoadedJob[] => {
    const data = JOBS["export-report"].schema.safeParse(r.data);
    if (!data.success) return [];
    const job = toExport(r, data.data);
    const erased = job.state === "done" && erasedSince(outputSchema.safeParse(r.output).data?.lastErasure, r.erased_at);
    if (erased) Object.assign(job, { fileKept: false, message: ERASED_AFTER });
    return [{ userId: data.data.userId, export: job, erased }];
  });
  // A finished job outlives its file: the page must not offer a file that is gone.
  await Promise.all(
    jobs.map(async ({ export: job, erased }) => {
      if (job.state !== "done" || erased) return;
      job.fileKept = await fs.access(exportFilePath(job.id, job.format)).then(() => true, () => false);
    }),
  );
  return jobs;
}

function toExport(r: Row, data: ExportJobInput): ReportExportJob {
  const base = {
    // Jobs queued before a BOM was kept to CSV may carry one for another format.
    id: r.id, format: data.format, bom: withBom(data), filters: data.filters, requestedAt: r.created_on.toISOString(),
    finishedAt: null, done: r.done ?? 0, total: r.total ?? 0, bytes: null, message: null, fileKept: null,
  };
  switch (r.state) {
    case "completed": {
      const output = outputSchema.safeParse(r.output);
      const rows = output.success ? output.data.rows : base.done;
      return { ...base, state: "done", done: rows, total: rows, bytes: output.success ? output.data.bytes : null, finishedAt: r.completed_on?.toISOString() ?? null };
    }
    case "active":
      return { ...base, state: "running" };
    case "retry":
      return { ...base, state: "queued", message: `retrying after a failure: ${r.message ?? "the worker stopped before it finished"}` };
    case "failed":
    case "cancelled":
      return {
        ...base,
        state: "failed",
        finishedAt: r.completed_on?.toISOString() ?? null,
        message: r.state === "cancelled" ? "cancelled" : (r.message ?? "the worker stopped before it finished"),
      };
    default:
      return { ...base, state: "queued" };
  }
}
