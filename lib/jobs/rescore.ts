import { randomUUID } from "node:crypto";
import type { PoolClient } from "pg";
import { dedicatedClient, inTransaction, pool } from "@/lib/db";
import { ConflictError } from "@/lib/errors";
import { getBoss, onClient } from "./boss";
import { expireSeconds, retryLimit } from "./definitions";
import { assertNoScoringChange } from "@/lib/scoring/lock";
import { failProgress, startProgress } from "./progress";
import { JUDGEABLE_COMMENT } from "@/lib/moderation/flag";

/**
 * Marks failed a rescore run that can no longer finish while it still says it runs: one of its
 * batches pg-boss failed for good (a last try that died with its worker or outlasted its lease,
 * found in the live table or, after pg-boss's maintenance moved it and once no batch is left to
 * run, in the archive), or none of
 * its batches is left to run and its count never reached the end. A batch that fails by itself
 * says so. A run stuck "running" would also refuse every later rescore. Returns whether it did.
 */
export async function settleDeadRescore(runId: string): Promise<boolean> {
  // Polled every two seconds while a run is followed: the live table (one partition per queue in
  // pg-boss) is read each time; the archive, unpartitioned and large, only once no batch is left.
  const { rows } = await pool.query<{ kind: RescoreKind; live: number; failed: { fromId: number; toId: number } | null }>(
    `SELECT p.kind, (SELECT count(*)::int FROM pgboss.job WHERE name = 'rescore' AND data->>'runId' = $1 AND state IN ('created', 'retry', 'active')) AS live,
            (SELECT data FROM pgboss.job WHERE name = 'rescore' AND data->>'runId' = $1 AND state = 'failed' LIMIT 1) AS failed
     -- Its batches are queued in the transaction that writes its record: seen, the record has them.
     FROM job_progress p WHERE p.id = $1 AND p.state IN ('queued', 'running')`,
    [runId],
  );
  const run = rows[0];
  if (!run) return false;
  const again = againHint(run.kind);
  // Only the live table counts batches left: pg-boss also archives jobs that never ran once they expire.
  const failed =
    run.failed ??
    (run.live === 0
      ? ((
          await pool.query<{ data: { fromId: number; toId: number } }>(
            "SELECT data FROM pgboss.archive WHERE name = 'rescore' AND data->>'runId' = $1 AND state = 'failed' LIMIT 1",
            [runId],
          )
        ).rows[0]?.data ?? null)
      : null);
  if (failed) {
    await failProgress(runId, `a batch (comments ${failed.fromId}–${failed.toId}) stopped on its last try (its worker was stopped, or it outlasted its lease). ${again}`);
    return true;
  }
  if (run.live === 0) {
    await failProgress(runId, `its batches ended without finishing it (cancelled, or lost). ${again}`);
    return true;
  }
  return false;
}

/**
 * The two runs over every comment: a rescore scores and applies the flag rules; a rules run
 * applies the rules alone, with the scores stored (after a change of thresholds or word lists).
 * One of either at a time: a rescore applies the rules too.
 */
export const RESCORE_KINDS = ["rescore", "rules"] as const;
export type RescoreKind = (typeof RESCORE_KINDS)[number];
/** What a run that could not finish says to do. */
export const againHint = (kind: RescoreKind) => (kind === "rules" ? "Apply the rules again to finish it." : "Start the rescore again to finish it.");

const alreadyRunning = (run: RunningRescore) =>
  new ConflictError(
    `${run.kind === "rules" ? "the rules are already being applied" : "a rescore is already running"} (${run.runId}); its progress is on the Settings page and in npm run jobs -- ${run.runId}`,
    { runId: run.runId, kind: run.kind },
  );

export type RunningRescore = { runId: string; kind: RescoreKind };

/** Held, for its whole run, by a rescore with the active model or a rules run in a command's own process. */
const FOREGROUND_RUN_LOCK = "foreground-rescore";

const foregroundRunning = () =>
  new ConflictError("a rescore or rules run is already running from the command line (npm run rescore); wait for it to finish");

/**
 * Runs a rescore with the active model, or a rules run, in this process (the command line), one
 * at a time with every other such run: not beside a background run, nor another command's, which
 * would judge the same comments at once. Refused (ConflictError) while one runs.
 */
export async function asForegroundRun<T>(work: () => Promise<T>): Promise<T> {
  // Its own connection: held all run, it must not take one of the pool's (DB_POOL_SIZE may be 1).
  // Closing it releases the lock, whatever happened.
  const client = await dedicatedClient();
  try {
    const { rows } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS ok", [FOREGROUND_RUN_LOCK]);
    if (!rows[0]!.ok) throw foregroundRunning();
    const running = await runningRescore(client);
    if (running) throw alreadyRunning(running);
    return await work();
  } finally {
    await client.end().catch(() => {});
  }
}

/** The rescore or rules run still queued or running, if any (the newest). */
export async function runningRescore(client: Pick<PoolClient, "query"> = pool): Promise<RunningRescore | null> {
  const { rows } = await client.query<{ id: string; kind: RescoreKind }>(
    "SELECT id, kind FROM job_progress WHERE kind = ANY($1::text[]) AND state IN ('queued', 'running') ORDER BY started_at DESC LIMIT 1",
    [RESCORE_KINDS],
  );
  return rows[0] ? { runId: rows[0].id, kind: rows[0].kind } : null;
}

/**
 * Queues a rescore of every comment with the active scorer (or, `rulesOnly`, the flag rules
 * alone over the comments they may change) as independent batches of consecutive ids, so any
 * number of workers share it. Returns the run id whose progress `getProgress` reports.
 */
export async function startRescore(
  options: { batchSize?: number; rulesOnly?: boolean } = {},
): Promise<{ runId: string; kind: RescoreKind; batches: number; total: number }> {
  // Its batches score, or flag, with the active model, which a running change is about to replace.
  await assertNoScoringChange();
  // Said before planning batches over every comment; checked again under the lock below.
  const already = await runningRescore();
  if (already) throw alreadyRunning(already);
  const kind: RescoreKind = options.rulesOnly ? "rules" : "rescore";
  const batchSize = options.batchSize ?? 5000;
  const { rows } = await pool.query<{ from_id: number; to_id: number; n: number }>(
    `SELECT min(id) AS from_id, max(id) AS to_id, count(*)::int AS n
     FROM (SELECT c.id, (row_number() OVER (ORDER BY c.id) - 1) / $1 AS batch FROM comment c
           ${options.rulesOnly ? `WHERE ${JUDGEABLE_COMMENT}` : ""}) b
     GROUP BY batch ORDER BY batch`,
    [batchSize],
  );
  // Its batches are `rescore` jobs, marked `rulesOnly` for a rules run.
  const runId = `${kind}-${randomUUID()}`;
  const total = rows.reduce((sum, r) => sum + r.n, 0);
  // Getting the boss first: a failure to reach it queues nothing and records no run.
  const boss = rows.length ? await getBoss() : null;
  await inTransaction(async (client) => {
    // One at a time, across instances: a second would score every comment again beside the first.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('start-rescore'))");
    const running = await runningRescore(client);
    if (running) throw alreadyRunning(running);
    const { rows: free } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock_shared(hashtext($1)) AS ok", [FOREGROUND_RUN_LOCK]);
    if (!free[0]!.ok) throw foregroundRunning();
    await startProgress(runId, kind, total, client);
    // Nothing to score is a finished run, not one that waits for batches that never come.
    if (!boss) return client.query("UPDATE job_progress SET state = 'done', updated_at = now() WHERE id = $1", [runId]);
    // The batches are queued in the same transaction as the run's record: both or neither.
    await boss.insert(
      rows.map((r) => ({
        name: "rescore",
        data: { runId, fromId: r.from_id, toId: r.to_id, planned: r.n, ...(options.rulesOnly ? { rulesOnly: true } : {}) },
        expireInSeconds: expireSeconds("rescore"),
        retryLimit: retryLimit("rescore"),
      })),
      { db: onClient(client) },
    );
  });
  return { runId, kind, batches: rows.length, total };
}

/** The ids a batch of a run covers: every comment in its range, or for a rules run those the rules may change. */
export async function batchCommentIds(data: { fromId: number; toId: number; rulesOnly?: boolean }): Promise<number[]> {
  const { rows } = await pool.query<{ id: number }>(
    `SELECT c.id FROM comment c WHERE c.id BETWEEN $1 AND $2 ${data.rulesOnly ? `AND ${JUDGEABLE_COMMENT}` : ""} ORDER BY c.id`,
    [data.fromId, data.toId],
  );
  return rows.map((r) => r.id);
}
