"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { dbText } from "@/lib/zod-fields";
import { actionWithRole } from "@/lib/auth/guard";
import { addTerm, removeTerm, setThresholds, thresholdsSchema, WORD_LIST_KINDS } from "@/lib/moderation";
import { runSiteCalibration } from "@/lib/scoring/service";
import { formatCalibrationReport } from "@/lib/scoring/calibration/format";

const thresholdArgs = z.object({ values: thresholdsSchema.partial(), seen: thresholdsSchema.partial().optional() });

/** Saves the thresholds the form changed; `seen` are the values it started from (see setThresholds). */
export const saveThresholdsAction = actionWithRole("administer", async (_user, input: unknown) => {
  const { values, seen } = thresholdArgs.parse(input);
  const saved = await setThresholds(values, { seen });
  revalidatePath("/admin/settings");
  return saved;
});

const termArgs = z.object({ kind: z.enum(WORD_LIST_KINDS), term: dbText });

export const addTermAction = actionWithRole("administer", async (_user, input: unknown) => {
  const { kind, term } = termArgs.parse(input);
  const outcome = await addTerm(kind, term);
  revalidatePath("/admin/settings");
  return outcome;
});

export const removeTermAction = actionWithRole("administer", async (_user, input: unknown) => {
  const { kind, term } = termArgs.parse(input);
  await removeTerm(kind, term);
  revalidatePath("/admin/settings");
});

/**
 * Fits a site calibration on moderators' decisions and source verdicts. A test (dry run) fits and
 * reports here; learning, which re-scores everything when it activates, is queued for a worker and
 * answered with its run id.
 */
export const calibrateAction = actionWithRole("administer", async (_user, input: unknown) => {
  const { dryRun } = z.object({ dryRun: z.boolean().default(false) }).parse(input ?? {});
  if (!dryRun) {
    const { startScoringChange } = await import("@/lib/jobs");
    return { runId: (await startScoringChange("calibrate")).runId, text: null };
  }
  const report = await runSiteCalibration({ dryRun });
  return { runId: null, text: formatCalibrationReport(report) };
});

/** Queues the return to the shipped model (every comment re-scored with it) for a worker. */
export const revertCalibrationAction = actionWithRole("administer", async () => {
  const { startScoringChange } = await import("@/lib/jobs");
  return startScoringChange("revert");
});

/** Withdraws a change of the scoring model still waiting for a worker. */
export const cancelScoringChangeAction = actionWithRole("administer", async (user, runId: unknown) => {
  const { cancelScoringChange } = await import("@/lib/jobs");
  const progress = await cancelScoringChange(z.string().uuid().parse(runId), user.email);
  return { message: progress.message };
});

/** Queues a rescore of every comment with the active model; workers (`npm run worker`) share the batches. */
export const startRescoreAction = actionWithRole("administer", async () => {
  const { startRescore } = await import("@/lib/jobs");
  return startRescore({ batchSize: 5000 });
});
