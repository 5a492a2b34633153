import { randomUUID } from "node:crypto";
import { inTransaction, pool } from "@/lib/db";
import { getBoss, onClient } from "./boss";
import { expireSeconds, retryLimit } from "./definitions";
import { assertNoScoringChange } from "@/lib/scoring/lock";
import { startProgress } from "./progress";

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
    await startProgress(runId, "rescore", total, client);
    // Nothing to score is a finished run, not one that waits for batches that never come.
    if (!boss) return client.query("UPDATE job_progress SET state = 'done', updated_at = now() WHERE id = $1", [runId]);
    // The batches are queued in the same transaction as the run's record: both or neither.
    await boss.insert(
      rows.map((r) => ({
        name: "rescore",
        data: { runId, fromId: r.from_id, toId: r.to_id },
        expireInSeconds: expireSeconds("rescore"),
        retryLimit: retryLimit("rescore"),
      })),
      { db: onClient(client) },
    );
  });
  return { runId, batches: rows.length, total };
}
