import { pool } from "@/lib/db";
import { scoreComments } from "@/lib/scoring";
import type { ScoreReuse } from "@/lib/scoring/store-scores";
import { loadActiveScorer } from "@/lib/scoring/registry";
import { flagComments } from "@/lib/moderation/flag";
import { withScorerShared } from "@/lib/scoring/lock";
import { limitLockWaits, retryWhenGivingWay } from "@/lib/scoring/give-way";
import { sweepExportDir } from "@/lib/reports/export-dir";
import { writeReportFile } from "@/lib/reports/export-file";
import { expireSeconds, type JobData, type JobName } from "./definitions";
import { countBatch, failProgress } from "./progress";
import { runScoringChange } from "./scoring-change";
import { runImportJob } from "./imports";
import { againHint, batchCommentIds } from "./rescore";
import { settleDeadRuns } from "./follow";
import { VACUUMED_TABLES } from "./vacuum";

/** What a handler knows of its job besides the payload. */
export type JobMeta = {
  id: string;
  /** No retry follows if this try fails. */
  lastTry?: boolean;
  /** The job's own lease, as the process that queued it set it (pg-boss retries it after that). */
  leaseSeconds?: number;
};

/** A batch's job output: `flagged` newly flagged or rejected by the rules, `unflagged` taken out of the queue. */
type BatchOutcome = { scored: number; flagged: number; unflagged: number };

/**
 * Scores and flags a batch in one transaction: a worker dying mid-batch leaves nothing half
 * done. A batch that meets a change of the model waits for it, up to four fifths of its job's
 * lease (then the job is retried, so no second copy starts while this one still waits), and
 * scores and flags with the model the change left active, read once for both. It gives way to a
 * writer holding its comments or scores (an import rewriting them) and runs again, within the
 * same four fifths.
 */
async function scoreBatch(
  job: JobName,
  commentIds: readonly number[],
  progress?: { id: string; batch: string; planned: number },
  options: { rulesOnly?: boolean; leaseSeconds?: number } = {},
): Promise<BatchOutcome> {
  // The job's own lease, not this worker's setting: the process that queued it may have set another.
  const waitUntil = Date.now() + (options.leaseSeconds ?? expireSeconds(job)) * 800;
  const reuse: ScoreReuse = new Map();
  const batch = () => withScorerShared(async (client) => {
    await limitLockWaits(client);
    const scorer = await loadActiveScorer(client);
    // A rules run judges by the scores stored; a comment the model has not scored meets the word lists only.
    const scored = options.rulesOnly ? 0 : await scoreComments(commentIds, { scorer, client, reuse, lockComments: true });
    const { flagged, unflagged } = await flagComments(commentIds, scorer.model, client);
    if (progress) await countBatch(progress.id, progress.batch, progress.planned, client);
    return { scored, flagged, unflagged };
  }, { waitUntil });
  return retryWhenGivingWay(batch, { waitUntil });
}

export const handlers = {
  async "score-comments"(data: JobData<"score-comments">, job?: JobMeta) {
    return scoreBatch("score-comments", data.commentIds, undefined, { leaseSeconds: job?.leaseSeconds });
  },

  async "import-file"(data: JobData<"import-file">, job: JobMeta) {
    return runImportJob(job.id, data, job.lastTry);
  },

  async rescore(data: JobData<"rescore">, job: JobMeta) {
    try {
      const ids = await batchCommentIds(data);
      const progress = { id: data.runId, batch: `${data.fromId}-${data.toId}`, planned: data.planned ?? ids.length };
      // Awaited here, so a failing batch reaches the catch below (a returned promise would not).
      if (ids.length) return await scoreBatch("rescore", ids, progress, { rulesOnly: data.rulesOnly, leaseSeconds: job.leaseSeconds });
      await countBatch(progress.id, progress.batch, progress.planned);
      return { scored: 0, flagged: 0, unflagged: 0 };
    } catch (err) {
      // A batch out of tries leaves the run short for good: it says so rather than "running" forever.
      if (job.lastTry) {
        const reason = err instanceof Error ? err.message : String(err);
        await failProgress(data.runId, `a batch (comments ${data.fromId}–${data.toId}) failed: ${reason}. ${againHint(data.rulesOnly ? "rules" : "rescore")}`).catch(() => {});
      }
      throw err;
    }
  },

  async "export-report"(data: JobData<"export-report">, job: JobMeta) {
    // Each export tidies the folder, so dead attempts and expired files need no schedule of their own.
    // Tidying is not the job: when the folder cannot be read, writing the file says why.
    await sweepExportDir(expireSeconds("export-report")).catch((err: Error) => console.error(`[export] sweeping the export folder: ${err.message}`));
    return writeReportFile(job.id, data);
  },

  async "vacuum-tables"() {
    const started = performance.now();
    // VACUUM cannot run inside a transaction block; each statement runs on its own.
    for (const table of VACUUMED_TABLES) await pool.query(`VACUUM (ANALYZE) ${table}`);
    return { tables: VACUUMED_TABLES, seconds: Math.round((performance.now() - started) / 100) / 10 };
  },

  async "scoring-change"(data: JobData<"scoring-change">) {
    return runScoringChange(data);
  },

  async "compact-rollups"() {
    const { rows } = await pool.query<{ merged: string }>("SELECT rollup_compact() AS merged");
    return { merged: Number(rows[0]?.merged ?? 0) };
  },

  async "settle-runs"() {
    return { ended: await settleDeadRuns() };
  },
} satisfies { [N in keyof typeof import("./definitions").JOBS]: (data: JobData<N>, job: JobMeta) => Promise<unknown> };
