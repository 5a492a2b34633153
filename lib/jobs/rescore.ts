import { randomUUID } from "node:crypto";
import { pool } from "@/lib/db";
import { getBoss } from "./boss";
import { expireSeconds } from "./definitions";
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
  await startProgress(runId, "rescore", total);
  if (rows.length) {
    const boss = await getBoss();
    await boss.insert(
      rows.map((r) => ({
        name: "rescore",
        data: { runId, fromId: r.from_id, toId: r.to_id },
        expireInSeconds: expireSeconds("rescore"),
        retryLimit: 5,
      })),
    );
  }
  return { runId, batches: rows.length, total };
}
