import { randomUUID } from "node:crypto";
import { pool } from "@/lib/db";
import { recordActivity } from "@/lib/activity";
import { DomainError } from "@/lib/errors";
import { assertNoScoringChange, scoringChangeRunning } from "@/lib/scoring/lock";
import { calibrateFromDecisions } from "@/lib/scoring/calibration/from-decisions";
import { formatCalibrationReport, formatRevert } from "@/lib/scoring/calibration/format";
import { revertSiteCalibration } from "@/lib/scoring/calibration/revert";
import { loadActiveScorer } from "@/lib/scoring/registry";
import type { RescoreProgress } from "@/lib/scoring/rescore";
import { getBoss } from "./boss";
import { enqueue, jobState } from "./enqueue";
import { finishProgress, getProgress, queueProgress, type Progress } from "./progress";

export type ScoringChangeKind = "calibrate" | "revert";
export const SCORING_CHANGE_KINDS: readonly string[] = ["calibrate", "revert"];

/** A running change beats this often; one silent for SILENT with its lock free has lost its worker. */
const HEARTBEAT_MS = 30_000;
const SILENT = "2 minutes";

/**
 * Queues a change of the active scoring model for a worker; returns the run id (also the
 * pg-boss job id) whose progress `followScoringChange` reports: done and total while
 * re-scoring, the outcome in words as its message. Refused while one waits (the queue
 * keeps one) or runs.
 */
export async function startScoringChange(kind: ScoringChangeKind, userId: number | null = null): Promise<{ runId: string }> {
  await assertNoScoringChange();
  const runId = randomUUID();
  await queueProgress(runId, kind);
  const jobId = await enqueue("scoring-change", { kind, runId, userId }, { id: runId });
  if (!jobId) {
    await pool.query("DELETE FROM job_progress WHERE id = $1", [runId]);
    throw new DomainError("a change of the scoring model is already waiting for a worker; follow or cancel it on the settings page", 409);
  }
  return { runId };
}

/**
 * A run's progress, told honestly: a run whose job was cancelled or lost, or whose worker
 * died mid-way (its lock gone, nothing reported for two minutes), is marked failed with
 * the reason instead of looking queued or running for ever.
 */
export async function followScoringChange(runId: string, known?: Progress | null): Promise<Progress | null> {
  const progress = known === undefined ? await getProgress(runId) : known;
  if (!progress || !SCORING_CHANGE_KINDS.includes(progress.kind)) return progress;
  // Finished in a worker: this process takes up the new model now, not at its next periodic
  // re-read, so the queue and charts it serves next agree with the report its admin is reading.
  if (progress.state === "done") await loadActiveScorer();
  if (progress.state !== "queued" && progress.state !== "running") return progress;
  if (progress.state === "queued") {
    // A passing error reading the queue says nothing about the job: ask again next time.
    let job: Awaited<ReturnType<typeof jobState>>;
    try {
      job = await jobState("scoring-change", runId);
    } catch {
      return progress;
    }
    const reason = !job ? "its job is gone from the queue" : job.state === "cancelled" || job.state === "failed" ? `its job was ${job.state}` : null;
    if (!reason) return progress;
    await failQueued(runId, `${reason}; start it again`);
    return getProgress(runId);
  }
  // Running: the worker beats every 30 s. Silent for two minutes (by the database's clock) with
  // the lock free, it is gone; the update only lands on a run still in that state.
  if (await scoringChangeRunning()) return progress;
  await pool.query(
    `UPDATE job_progress SET state = 'failed', message = $2, updated_at = now()
     WHERE id = $1 AND state = 'running' AND updated_at < now() - interval '${SILENT}'`,
    [runId, `the worker stopped before it finished (nothing reported for two minutes, and no change is running); start it again. ${PARTIAL_HINT}`],
  );
  return getProgress(runId);
}

/** The newest change still queued or running, for the settings page to follow after a reload. */
export async function pendingScoringChange(): Promise<Progress | null> {
  const { rows } = await pool.query<{ id: string }>(
    "SELECT id FROM job_progress WHERE kind = ANY($1::text[]) AND state IN ('queued', 'running') ORDER BY started_at DESC LIMIT 1",
    [SCORING_CHANGE_KINDS],
  );
  if (!rows[0]) return null;
  const progress = await followScoringChange(rows[0].id);
  return progress && (progress.state === "queued" || progress.state === "running") ? progress : null;
}

/** Withdraws a change still waiting for a worker; one already running goes on (it is one transaction per batch). */
export async function cancelScoringChange(runId: string, by: string): Promise<Progress> {
  const progress = await getProgress(runId);
  if (!progress || !SCORING_CHANGE_KINDS.includes(progress.kind)) throw new DomainError(`no change of the scoring model ${runId}`, 404);
  // Claimed here or by a worker (see runScoringChange), never both: whoever moves the row out of "queued" has it.
  if (!(await failQueued(runId, `cancelled by ${by} before a worker took it`))) throw new DomainError(`it is ${progress.state === "queued" ? "running" : progress.state}, no longer waiting: it cannot be cancelled`, 409);
  await (await getBoss()).cancel("scoring-change", runId);
  return (await getProgress(runId))!;
}

/**
 * A change re-scores and flags with the model it is trying before that model becomes active:
 * stopped part-way, it leaves some comments flagged by a model that never was.
 */
const PARTIAL_HINT = "Comments it re-scored before it stopped may carry that model's flags: Settings → Apply the rules to stored comments judges them again by the active model.";

/**
 * Runs a queued change, recording its progress under the run id (at most once a second)
 * and its outcome, or why it failed, as the run's message.
 */
export async function runScoringChange(data: { kind: ScoringChangeKind; runId: string; userId?: number | null }): Promise<{ message: string }> {
  // Claim the run: one cancelled (or given up on) meanwhile is not started.
  const { rowCount } = await pool.query(
    "UPDATE job_progress SET state = 'running', done = 0, total = 0, updated_at = now() WHERE id = $1 AND state = 'queued'",
    [data.runId],
  );
  if (!rowCount) return { message: "not started: cancelled or given up on before a worker took it" };
  const heartbeat = setInterval(() => {
    pool.query("UPDATE job_progress SET updated_at = now() WHERE id = $1 AND state = 'running'", [data.runId]).catch(() => {});
  }, HEARTBEAT_MS);
  let last = 0;
  let rescored = 0;
  const onProgress = ({ done, total }: { done: number; total: number }) => {
    rescored = done;
    const now = Date.now();
    if (now - last < 1000 && done < total) return;
    last = now;
    pool
      .query("UPDATE job_progress SET done = $2, total = $3, updated_at = now() WHERE id = $1 AND state = 'running'", [data.runId, done, total])
      .catch(() => {}); // progress is a courtesy; the work goes on without it
  };
  // The outcome in the activity log, beside the "started" entry: whether the model changed is what people ask later.
  const logOutcome = (action: string, detail: Record<string, unknown>) =>
    recordActivity({ userId: data.userId ?? null, via: "ui", action, subject: "scoring model", detail: { runId: data.runId, ...detail } });
  try {
    const { message, activated } = await CHANGES[data.kind](onProgress);
    await finishProgress(data.runId, "done", message);
    await logOutcome(
      data.kind === "calibrate" ? (activated ? "learned from decisions: a new model is active" : "learned from decisions: the model in use is kept") : "returned to the shipped model",
      { report: message },
    );
    return { message };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    await finishProgress(data.runId, "failed", rescored > 0 ? `${reason}. ${PARTIAL_HINT}` : reason);
    await logOutcome(data.kind === "calibrate" ? "learning from decisions failed" : "returning to the shipped model failed", { reason });
    throw err;
  } finally {
    clearInterval(heartbeat);
  }
}

/** Each change, run with progress, told in words. */
const CHANGES: Record<ScoringChangeKind, (onProgress: (p: RescoreProgress) => void) => Promise<{ message: string; activated: boolean }>> = {
  calibrate: async (onProgress) => {
    const report = await calibrateFromDecisions({ onProgress });
    return { message: formatCalibrationReport(report), activated: report.activated };
  },
  revert: async (onProgress) => ({ message: formatRevert(await revertSiteCalibration({ onProgress })), activated: true }),
};

/** Gives up a run still waiting; false when it is no longer waiting (a worker or a cancel took it). */
async function failQueued(runId: string, message: string): Promise<boolean> {
  const { rowCount } = await pool.query("UPDATE job_progress SET state = 'failed', message = $2, updated_at = now() WHERE id = $1 AND state = 'queued'", [runId, message]);
  return !!rowCount;
}
