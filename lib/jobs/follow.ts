import { pool } from "@/lib/db";
import { IMPORT_JOB_KIND, settleDeadImport } from "./imports";
import { getProgress, type Progress } from "./progress";
import { RESCORE_KINDS, settleDeadRescore } from "./rescore";
import { SCORING_CHANGE_KINDS, followScoringChange } from "./scoring-change";

/**
 * A background run's progress, told honestly: one whose jobs pg-boss failed for good while
 * no one was left to say so (a worker killed on the last try, a lease run out), or a change
 * of the model whose worker died, is marked failed instead of looking queued or running for
 * ever. What the jobs API and `npm run jobs` show.
 */
export async function followRun(id: string): Promise<Progress | null> {
  const progress = await getProgress(id);
  if (!progress || (progress.state !== "queued" && progress.state !== "running")) return followScoringChange(id, progress);
  const settled = progress.kind === IMPORT_JOB_KIND ? await settleDeadImport(id) : (RESCORE_KINDS as readonly string[]).includes(progress.kind) ? await settleDeadRescore(id) : false;
  return settled ? getProgress(id) : followScoringChange(id, progress);
}

/** Kinds of run whose death `followRun` can tell; exports end in their own job's outcome. */
const FOLLOWED_KINDS = [IMPORT_JOB_KIND, ...RESCORE_KINDS, ...SCORING_CHANGE_KINDS];

/**
 * Follows every unfinished run once (the `settle-runs` schedule), so a dead one is marked
 * failed on the Imports and Settings pages even when no one follows it by its id.
 * Returns how many runs it ended.
 */
export async function settleDeadRuns(): Promise<number> {
  const { rows } = await pool.query<{ id: string }>(
    // A run queued this last minute may not have its job yet (its record is written first).
    `SELECT id FROM job_progress
     WHERE kind = ANY($1::text[]) AND (state = 'running' OR (state = 'queued' AND started_at < now() - interval '1 minute'))
     ORDER BY started_at LIMIT 500`,
    [FOLLOWED_KINDS],
  );
  let ended = 0;
  for (const { id } of rows) {
    try {
      const after = await followRun(id);
      if (after && after.state !== "queued" && after.state !== "running") ended++;
    } catch (err) {
      // One run that cannot be read must not keep the others unsettled.
      console.error(`[jobs] following run ${id}: ${(err as Error).message}`);
    }
  }
  return ended;
}
