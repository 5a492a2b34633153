import { pool } from "@/lib/db";
import { RUN_LOCK_CLASS } from "./store";
import type { Orphan } from "./writer";

/**
 * JSON for the run's notes and errors, which quote values from the file: a NUL or a
 * lone surrogate half (valid in a JavaScript string, not in Postgres jsonb) becomes
 * U+FFFD, so recording a rejection can never fail on the very value it rejects.
 */
export function runJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "string" ? v.toWellFormed().replaceAll("\u0000", "\uFFFD") : v));
}

export type RunProblem = { line: number; message: string; sourceCommentId?: string; threadKey?: string };

/** Records the start of one file's import; the row says "running" until it ends. */
export async function startRun(file: string, format: string, userId: number | null): Promise<number> {
  const { rows } = await pool.query<{ id: number }>(
    "INSERT INTO import_run (user_id, file, format) VALUES ($1, $2, $3) RETURNING id",
    [userId, file, format],
  );
  return rows[0]!.id;
}

export type RunCounts = {
  format: string;
  threads: number;
  comments: number;
  inserted: number;
  updated: number;
  unchanged: number;
  orphans: number;
  skipped: number;
  flagged: number;
  unflagged: number;
  notes: string[];
  orphanList: Orphan[];
};

export function orphanProblem(o: Orphan): RunProblem {
  const where = o.threadKey ? `thread ${o.threadKey}, which is not in the file` : "no thread";
  return { line: o.line, sourceCommentId: o.sourceCommentId, threadKey: o.threadKey, message: `${o.sourceCommentId} names ${where}` };
}

export async function finishRun(id: number, counts: RunCounts): Promise<void> {
  await pool.query(
    `UPDATE import_run SET status = 'succeeded', format = $2, threads = $3, comments = $4, inserted = $5,
       updated = $6, unchanged = $7, orphans = $8, skipped = $9, notes = $10, errors = $11, flagged = $12,
       unflagged = $13, finished_at = now()
     WHERE id = $1`,
    [
      id, counts.format, counts.threads, counts.comments, counts.inserted, counts.updated, counts.unchanged,
      counts.orphans, counts.skipped, runJson(counts.notes), runJson(counts.orphanList.map(orphanProblem)),
      counts.flagged, counts.unflagged,
    ],
  );
}

/** Records the format once it is recognised, so a file rejected later in its reading still shows what it was read as. */
export async function recordRunFormat(id: number, format: string): Promise<void> {
  await pool.query("UPDATE import_run SET format = $2 WHERE id = $1", [id, format]);
}

export async function failRun(id: number, status: "rejected" | "failed" | "cancelled", problem: RunProblem): Promise<void> {
  await pool.query(
    "UPDATE import_run SET status = $2, errors = $3, finished_at = now() WHERE id = $1",
    [id, status, runJson([problem])],
  );
}

/**
 * Closes runs whose process died mid-file (killed, crashed, power cut): a live
 * import holds its run's advisory lock for its whole transaction, so a running
 * row whose lock is free has nobody behind it. Its file wrote nothing. The grace
 * covers the moment between recording a run and its transaction taking the lock.
 */
export async function markInterruptedRuns(graceSeconds = 10): Promise<number> {
  const { rowCount } = await pool.query(
    `UPDATE import_run SET status = 'failed', finished_at = now(), errors = $2
     WHERE status = 'running' AND started_at < now() - make_interval(secs => $3)
       AND pg_try_advisory_xact_lock($1, id)`,
    [
      RUN_LOCK_CLASS,
      JSON.stringify([{ line: 0, message: "the import stopped before it finished (the process ended); nothing from this file was stored" }]),
      graceSeconds,
    ],
  );
  return rowCount ?? 0;
}

export type RunRow = {
  id: number;
  file: string;
  format: string;
  status: "running" | "succeeded" | "rejected" | "failed" | "cancelled";
  threads: number;
  comments: number;
  inserted: number;
  updated: number;
  unchanged: number;
  orphans: number;
  skipped: number;
  /** Null for runs recorded before these were counted (and for runs that stored nothing). */
  flagged: number | null;
  unflagged: number | null;
  notes: string[];
  errors: RunProblem[];
  startedAt: string;
  finishedAt: string | null;
  user: string | null;
};

/** The latest import runs, newest first, for the Imports page and API. */
/** Where a page of runs ends: the last run's start and id (the list's order), so it holds even if that run is gone. */
export type RunCursor = { at: string; id: number };

export function runCursor(run: Pick<RunRow, "startedAt" | "id">): string {
  return `${run.startedAt}_${run.id}`;
}

/** A cursor from a URL, or undefined when it is not one (the latest runs are shown then). */
export function parseRunCursor(text: unknown): RunCursor | undefined {
  const m = typeof text === "string" ? /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z)_(\d{1,9})$/.exec(text) : null;
  return m && !Number.isNaN(Date.parse(m[1]!)) ? { at: m[1]!, id: Number(m[2]) } : undefined;
}

/** A page of runs, newest first, and the cursor of the next (older) page, or null when none is left. */
export async function listRunPage(before?: RunCursor, size = 50): Promise<{ runs: RunRow[]; next: string | null }> {
  const fetched = await listRuns(size + 1, before);
  const runs = fetched.slice(0, size);
  return { runs, next: fetched.length > size ? runCursor(runs[runs.length - 1]!) : null };
}

export async function listRuns(limit = 50, before?: RunCursor): Promise<RunRow[]> {
  await markInterruptedRuns();
  const { rows } = await pool.query(
    `SELECT r.id, r.file, r.format, r.status, r.threads, r.comments, r.inserted, r.updated, r.unchanged, r.orphans,
            r.skipped, r.flagged, r.unflagged, r.notes, r.errors, r.started_at, r.finished_at, u.email
     FROM import_run r LEFT JOIN app_user u ON u.id = r.user_id
     -- Older pages start after the cursor (keyset on the order below).
     WHERE $2::timestamptz IS NULL OR (r.started_at, r.id) < ($2::timestamptz, $3::int)
     ORDER BY r.started_at DESC, r.id DESC LIMIT $1`,
    [limit, before?.at ?? null, before?.id ?? null],
  );
  return rows.map((r) => ({
    id: r.id,
    file: r.file,
    format: r.format,
    status: r.status,
    threads: r.threads,
    comments: r.comments,
    inserted: r.inserted,
    updated: r.updated,
    unchanged: r.unchanged,
    orphans: r.orphans,
    skipped: r.skipped,
    flagged: r.flagged,
    unflagged: r.unflagged,
    notes: Array.isArray(r.notes) ? r.notes : [],
    errors: Array.isArray(r.errors) ? r.errors : [],
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at ? r.finished_at.toISOString() : null,
    user: r.email ?? null,
  }));
}
