import { randomUUID } from "node:crypto";
import type { PoolClient } from "pg";
import { inTransaction, pool } from "@/lib/db";
import { ConflictError } from "@/lib/errors";
import { getBoss, onClient } from "./boss";
import { expireSeconds, retryLimit } from "./definitions";
import { assertNoScoringChange } from "@/lib/scoring/lock";
import { failProgress, startProgress } from "./progress";

/**
 * Marks failed a rescore run one of whose batches pg-boss failed for good while the run still
 * says it runs: a batch whose last try died with its worker or outlasted its lease leaves no
 * one to say so (a batch that fails by itself says so). Returns whether it did.
 */
export async function settleDeadRescore(runId: string): Promise<boolean> {
  const { rows } = await pool.query<{ from_id: number; to_id: number }>(
    `SELECT (j.data->>'fromId')::int AS from_id, (j.data->>'toId')::int AS to_id
     FROM pgboss.job j JOIN job_progress p ON p.id = j.data->>'runId'
     WHERE j.name = 'rescore' AND j.data->>'runId' = $1 AND j.state = 'failed' AND p.state IN ('queued', 'running')
     LIMIT 1`,
    [runId],
  );
  const batch = rows[0];
  if (!batch) return false;
  await failProgress(runId, `a batch (comments ${batch.from_id}–${batch.to_id}) stopped on its last try (its worker was stopped, or it outlasted its lease). Start the rescore again to finish it.`);
  return true;
}

/** The rescore run still queued or running, if any (the newest). */
export async function runningRescore(client: Pick<PoolClient, "query"> = pool): Promise<string | null> {
  const { rows } = await client.query<{ id: string }>(
    "SELECT id FROM job_progress WHERE kind = 'rescore' AND state IN ('queued', 'running') ORDER BY started_at DESC LIMIT 1",
  );
  return rows[0]?.id ?? null;
}

/**
 * Queues a rescore of every comment with the active scorer as independent batches
 * of consecutive ids, so any number of workers share it. Returns the run id whose
 * progress `getProgress` reports.
 */
export async function startRescore(options: { batchSize?: number } = {}): Promise<{ runId: string; batches: number; total: number }> {
  // Its batches score with the active model, which a running change is about to replace.
  await assertNoScoringChange();
  const batchSize = options.batchSize ?? 5000;
  const { rows } = await pool.query<{ from_id: number; to_id: number; n: number }>(
    `SELECT min(id) AS from_id, max(id) AS to_id, count(*)::int AS n
     FROM (SELECT id, (row_number() OVER (ORDER BY id) - 1) / $1 AS batch FROM comment) b
     GROUP BY batch ORDER BY batch`,
    [batchSize],
  );
  const runId = `rescore-${randomUUID()}`;
  const total = rows.reduce((sum, r) => sum + r.n, 0);
  // Getting the boss first: a failure to reach it queues nothing and records no run.
  const boss = rows.length ? await getBoss() : null;
  await inTransaction(async (client) => {
    // One at a time, across instances: a second would score every comment again beside the first.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('start-rescore'))");
    const running = await runningRescore(client);
    if (running) throw new ConflictError(`a rescore is already running (${running}); its progress is on the Settings page and in npm run jobs -- ${running}`, { runId: running });
    await startProgress(runId, "rescore", total, client);
    // Nothing to score is a finished run, not one that waits for batches that never come.
    if (!boss) return client.query("UPDATE job_progress SET state = 'done', updated_at = now() WHERE id = $1", [runId]);
    // The batches are queued in the same transaction as the run's record: both or neither.
    await boss.insert(
      rows.map((r) => ({
        name: "rescore",
        data: { runId, fromId: r.from_id, toId: r.to_id, planned: r.n },
        expireInSeconds: expireSeconds("rescore"),
        retryLimit: retryLimit("rescore"),
      })),
      { db: onClient(client) },
    );
  });
  return { runId, batches: rows.length, total };
}
