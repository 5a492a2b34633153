"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actionWithRole } from "@/lib/auth/guard";
import { addTerm, removeTerm, setThresholds, thresholdsSchema, WORD_LIST_KINDS } from "@/lib/moderation";
import { returnToShippedModel, runSiteCalibration } from "@/lib/scoring/service";
import { formatCalibrationReport } from "@/lib/scoring/calibration/format";

export const saveThresholdsAction = actionWithRole("administer", async (_user, input: unknown) => {
  const saved = await setThresholds(thresholdsSchema.partial().parse(input));
  revalidatePath("/admin/settings");
  return saved;
});

const termArgs = z.object({ kind: z.enum(WORD_LIST_KINDS), term: z.string() });

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

/** Fits a site calibration on moderators' decisions and source verdicts; activates it only if it does better. */
export const calibrateAction = actionWithRole("administer", async (_user, input: unknown) => {
  const { dryRun } = z.object({ dryRun: z.boolean().default(false) }).parse(input ?? {});
  const report = await runSiteCalibration({ dryRun });
  revalidatePath("/admin/settings");
  return { text: formatCalibrationReport(report), activated: report.activated };
});

/** Retires the site calibration: every comment is re-scored with the shipped model. */
export const revertCalibrationAction = actionWithRole("administer", async () => {
  const result = await returnToShippedModel();
  revalidatePath("/admin/settings");
  return {
    text:
      `Returned to ${result.to.name} ${result.to.version} (from ${result.from.version}): ${result.rescored.toLocaleString("en")} comments re-scored, ` +
      `${result.unflagged.toLocaleString("en")} no longer flagged, ${result.flagged.toLocaleString("en")} newly flagged.`,
  };
});

/** Queues a rescore of every comment with the active model; workers (`npm run worker`) share the batches. */
export const startRescoreAction = actionWithRole("administer", async () => {
  const { startRescore } = await import("@/lib/jobs");
  return startRescore({ batchSize: 5000 });
});
