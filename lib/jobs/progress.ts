import type { Pool, PoolClient } from "pg";
import { pool } from "@/lib/db";

export type Progress = { id: string; kind: string; done: number; total: number; state: string; message: string | null; updatedAt: string };

/** Starts (or starts again, as a retried job does) a run from zero of `total`. */
export async function startProgress(id: string, kind: string, total: number, client: Pool | PoolClient = pool): Promise<void> {
  await client.query(
    `INSERT INTO job_progress (id, kind, total, state) VALUES ($1, $2, $3, 'running')
     ON CONFLICT (id) DO UPDATE SET total = EXCLUDED.total, done = 0, state = 'running', updated_at = now()`,
    [id, kind, total],
  );
}

/** Records a run that waits for a worker, so its id can be followed before any worker has started it. */
export async function queueProgress(id: string, kind: string, client: Pool | PoolClient = pool): Promise<void> {
  await client.query("INSERT INTO job_progress (id, kind, state) VALUES ($1, $2, 'queued') ON CONFLICT (id) DO NOTHING", [id, kind]);
}

/**
 * Sets the done count outright, for work that starts again from zero when retried
 * (an export file is rewritten whole). The total grows when more was done than counted.
 */
export async function setProgress(id: string, done: number, client: Pool | PoolClient = pool, total = 0): Promise<void> {
  await client.query("UPDATE job_progress SET done = $2, total = GREATEST(total, $3, $2), updated_at = now() WHERE id = $1", [id, done, total]);
}

/**
 * Sets a running run's figures and what it is doing, as they are (no GREATEST): for work whose
 * phases count from zero again and whose total is unknown at first (an import reading its file).
 */
export async function setProgressStep(id: string, done: number, total: number, message: string, client: Pool | PoolClient = pool): Promise<void> {
  await client.query(
    "UPDATE job_progress SET done = $2, total = $3, message = $4, updated_at = now() WHERE id = $1 AND state = 'running'",
    [id, done, total, message],
  );
}

/** Adds to the done count (inside the job's own transaction, so a retried batch is not counted twice). */
async function advanceProgress(id: string, by: number, client: Pool | PoolClient = pool): Promise<void> {
  await client.query(
    `UPDATE job_progress SET done = LEAST(total, done + $2), updated_at = now(),
       state = CASE WHEN done + $2 >= total THEN 'done' ELSE state END
     WHERE id = $1`,
    [id, by],
  );
}

/**
 * Counts one batch of a run, once: inside the batch's transaction, so a batch that commits a
 * second time (retried after its worker died past its commit, or after outlasting its lease)
 * adds nothing. Counted by the comments planned for it when the run was queued, so comments
 * written since in its id range cannot finish the run early.
 */
export async function countBatch(id: string, batch: string, planned: number, client: Pool | PoolClient = pool): Promise<void> {
  const { rowCount } = await client.query(
    // A run whose record is gone (removed with its change of model) has nothing to count.
    "INSERT INTO job_progress_batch (progress_id, batch) SELECT $1, $2 WHERE EXISTS (SELECT 1 FROM job_progress WHERE id = $1) ON CONFLICT DO NOTHING",
    [id, batch],
  );
  if (rowCount) await advanceProgress(id, planned, client);
}

/** Marks a run failed unless it already ended (a run done by its other batches stays done). */
export async function failProgress(id: string, message: string, client: Pool | PoolClient = pool): Promise<void> {
  await client.query("UPDATE job_progress SET state = 'failed', message = $2, updated_at = now() WHERE id = $1 AND state IN ('queued', 'running')", [id, message]);
}

export async function finishProgress(id: string, state: "done" | "failed", message?: string): Promise<void> {
  await pool.query("UPDATE job_progress SET state = $2, message = $3, updated_at = now() WHERE id = $1", [id, state, message ?? null]);
}

export async function getProgress(id: string): Promise<Progress | null> {
  const { rows } = await pool.query(
    "SELECT id, kind, done, total, state, message, updated_at FROM job_progress WHERE id = $1",
    [id],
  );
  const r = rows[0];
  return r ? { id: r.id, kind: r.kind, done: r.done, total: r.total, state: r.state, message: r.message, updatedAt: r.updated_at.toISOString() } : null;
}
