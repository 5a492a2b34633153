import { randomUUID } from "node:crypto";
import { pool } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { scoringChangeRunning } from "@/lib/scoring/lock";
import { enqueue } from "./enqueue";
import { finishProgress, queueProgress, startProgress } from "./progress";

export type ScoringChangeKind = "calibrate" | "revert";

/**
 * Queues a change of the active scoring model for a worker; returns the run id whose
 * progress `getProgress` reports (done and total while re-scoring; the outcome in words
 * as its message). Refused while one waits for a worker (the queue keeps one) or runs.
 */
export async function startScoringChange(kind: ScoringChangeKind): Promise<{ runId: string }> {
  if (await scoringChangeRunning()) {
    throw new DomainError("another change of the scoring model is running; try again when it has finished", 409);
  }
  const runId = `scoring-${kind}-${randomUUID()}`;
  await queueProgress(runId, kind);
  const jobId = await enqueue("scoring-change", { kind, runId });
  if (!jobId) {
    await pool.query("DELETE FROM job_progress WHERE id = $1", [runId]);
    throw new DomainError("a change of the scoring model is already waiting for a worker; follow it before starting another", 409);
  }
  return { runId };
}

/**
 * Runs a queued change, recording its progress under the run id (at most once a second)
 * and its outcome, or why it failed, as the run's message.
 */
export async function runScoringChange(data: { kind: ScoringChangeKind; runId: string }): Promise<{ message: string }> {
  await startProgress(data.runId, data.kind, 0);
  let last = 0;
  const onProgress = ({ done, total }: { done: number; total: number }) => {
    const now = Date.now();
    if (now - last < 1000 && done < total) return;
    last = now;
    pool
      .query("UPDATE job_progress SET done = $2, total = $3, updated_at = now() WHERE id = $1 AND state = 'running'", [data.runId, done, total])
      .catch(() => {}); // progress is a courtesy; the work goes on without it
  };
  try {
    const message = data.kind === "calibrate" ? await calibrate(onProgress) : await revert(onProgress);
    await finishProgress(data.runId, "done", message);
    return { message };
  } catch (err) {
    await finishProgress(data.runId, "failed", err instanceof Error ? err.message : String(err));
    throw err;
  }
}

async function calibrate(onProgress: (p: { done: number; total: number }) => void): Promise<string> {
  const { calibrateFromDecisions } = await import("@/lib/scoring/calibration/from-decisions");
  const { formatCalibrationReport } = await import("@/lib/scoring/calibration/format");
  return formatCalibrationReport(await calibrateFromDecisions({ onProgress }));
}

async function revert(onProgress: (p: { done: number; total: number }) => void): Promise<string> {
  const { revertSiteCalibration } = await import("@/lib/scoring/calibration/revert");
  const { formatRevert } = await import("@/lib/scoring/calibration/format");
  return formatRevert(await revertSiteCalibration({ onProgress }));
}
