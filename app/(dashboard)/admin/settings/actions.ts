"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { dbText } from "@/lib/zod-fields";
import { actionWithRole } from "@/lib/auth/guard";
import { addTerm, removeTerm, setThresholds, termSchema, thresholdsSchema, WORD_LIST_KINDS } from "@/lib/moderation";
import { runSiteCalibration } from "@/lib/scoring/service";
import { recordActivity } from "@/lib/activity";
import { formatCalibrationReport } from "@/lib/scoring/calibration/format";

const thresholdArgs = z.object({ values: thresholdsSchema.partial(), seen: thresholdsSchema.partial().optional() });

/** Saves the thresholds the form changed; `seen` are the values it started from (see setThresholds). */
export const saveThresholdsAction = actionWithRole("administer", async (user, input: unknown) => {
  const { values, seen } = thresholdArgs.parse(input);
  const saved = await setThresholds(values, { seen });
  await recordActivity({ userId: user.id, via: "ui", action: "changed thresholds", subject: "flag thresholds", detail: { to: values, from: seen ?? null } });
  revalidatePath("/admin/settings");
  return saved;
});

const termArgs = z.object({ kind: z.enum(WORD_LIST_KINDS), term: dbText });

export const addTermAction = actionWithRole("administer", async (user, input: unknown) => {
  const { kind, term } = termArgs.parse(input);
  const outcome = await addTerm(kind, term);
  if (outcome === "added") await recordActivity({ userId: user.id, via: "ui", action: `added a ${kind} term`, subject: termSchema.parse(term) });
  revalidatePath("/admin/settings");
  return outcome;
});

export const removeTermAction = actionWithRole("administer", async (user, input: unknown) => {
  const { kind, term } = termArgs.parse(input);
  // Logged only when it was there: a second admin removing the same term changed nothing.
  if (await removeTerm(kind, term)) await recordActivity({ userId: user.id, via: "ui", action: `removed a ${kind} term`, subject: term });
  revalidatePath("/admin/settings");
});

/**
 * Fits a site calibration on moderators' decisions and source verdicts. A test (dry run) fits and
 * reports here; learning, which re-scores everything when it activates, is queued for a worker and
 * answered with its run id.
 */
export const calibrateAction = actionWithRole("administer", async (user, input: unknown) => {
  const { dryRun } = z.object({ dryRun: z.boolean().default(false) }).parse(input ?? {});
  if (!dryRun) {
    const { startScoringChange } = await import("@/lib/jobs");
    const { runId } = await startScoringChange("calibrate", user.id);
    await recordActivity({ userId: user.id, via: "ui", action: "started learning from decisions", subject: "scoring model", detail: { runId } });
    return { runId, text: null };
  }
  const report = await runSiteCalibration({ dryRun });
  return { runId: null, text: formatCalibrationReport(report) };
});

/** Queues the return to the shipped model (every comment re-scored with it) for a worker. */
export const revertCalibrationAction = actionWithRole("administer", async (user) => {
  const { startScoringChange } = await import("@/lib/jobs");
  const started = await startScoringChange("revert", user.id);
  await recordActivity({ userId: user.id, via: "ui", action: "started returning to the shipped model", subject: "scoring model", detail: { runId: started.runId } });
  return started;
});

/** Withdraws a change of the scoring model still waiting for a worker. */
export const cancelScoringChangeAction = actionWithRole("administer", async (user, runId: unknown) => {
  const { cancelScoringChange } = await import("@/lib/jobs");
  const id = z.string().uuid().parse(runId);
  const progress = await cancelScoringChange(id, user.email);
  await recordActivity({ userId: user.id, via: "ui", action: "cancelled a change of the model", subject: "scoring model", detail: { runId: id } });
  return { message: progress.message };
});

/**
 * Queues a rescore of every comment with the active model, or (`rules`) the flag rules alone over
 * the stored comments; workers (`npm run worker`) share the batches.
 */
export const startRescoreAction = actionWithRole("administer", async (user, kind: unknown = "rescore") => {
  const { startRescore, RESCORE_KINDS } = await import("@/lib/jobs");
  const rulesOnly = z.enum(RESCORE_KINDS).parse(kind) === "rules";
  const started = await startRescore({ batchSize: 5000, rulesOnly });
  await recordActivity({
    userId: user.id,
    via: "ui",
    action: rulesOnly ? "started applying the rules" : "started a rescore",
    subject: "all comments",
    detail: { runId: started.runId, total: started.total },
  });
  return started;
});
