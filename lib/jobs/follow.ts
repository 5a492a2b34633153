import { IMPORT_JOB_KIND, settleDeadImport } from "./imports";
import { getProgress, type Progress } from "./progress";
import { settleDeadRescore } from "./rescore";
import { followScoringChange } from "./scoring-change";

/**
 * A background run's progress, told honestly: one whose jobs pg-boss failed for good while
 * no one was left to say so (a worker killed on the last try, a lease run out), or a change
 * of the model whose worker died, is marked failed instead of looking queued or running for
 * ever. What the jobs API and `npm run jobs` show.
 */
export async function followRun(id: string): Promise<Progress | null> {
  const progress = await getProgress(id);
  if (!progress || (progress.state !== "queued" && progress.state !== "running")) return followScoringChange(id, progress);
  const settled = progress.kind === IMPORT_JOB_KIND ? await settleDeadImport(id) : progress.kind === "rescore" ? await settleDeadRescore(id) : false;
  return settled ? getProgress(id) : followScoringChange(id, progress);
}
