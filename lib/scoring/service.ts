import "server-only";
import type { z } from "zod";
import { getThresholds } from "@/lib/moderation/thresholds";
import { builtinModelInfo, shippedModel } from "./builtin";
import { calibrateFromDecisions, lastCalibrationReport, type CalibrationReport } from "./calibration/from-decisions";
import { readActiveState, stateFor, useActiveState } from "./registry";
import { rescoreComments } from "./rescore";
import { withScoringChangeLock } from "./lock";
import { scoringConfigSchema, setScoringConfig, type ScoringConfig } from "./settings";
import type { ModelInfo, Profile } from "./types";

export type ScoringStatus = {
  provider: "builtin" | "http";
  profile: Profile;
  /** The model and version whose scores drive flags, queues and charts. */
  model: ModelInfo;
  /** The shipped model of the profile, without site calibration (null for an external server). */
  shipped: ModelInfo | null;
  /** License of the shipped model's training data; null for an external server. */
  license: string | null;
  commercialUse: boolean | null;
  /** Incivility at or over this is flagged. */
  threshold: number;
  calibration: { revision: number; fittedAt: string; labels: number } | null;
  /** Cross-validated ROC-AUC of the shipped model (mean ± sd over folds). */
  crossValidated: { rocAuc: number; sd: number; on: string } | null;
  lastCalibration: CalibrationReport | null;
};

type CrossValidation = { on: string; rocAuc: { mean: number; sd: number } };

/** What the settings page shows about scoring: active model, version, profile, threshold, calibration. */
export async function getScoringStatus(): Promise<ScoringStatus> {
  const [state, thresholds, lastCalibration] = await Promise.all([readActiveState(), getThresholds(), lastCalibrationReport()]);
  const builtin = state.provider === "builtin";
  const file = builtin ? shippedModel(state.profile) : null;
  const cv = file?.training.crossValidation as CrossValidation | undefined;
  return {
    provider: state.provider,
    profile: state.profile,
    model: state.scorer.model,
    shipped: builtin ? builtinModelInfo(state.profile) : null,
    license: file?.license ?? null,
    commercialUse: file?.commercialUse ?? null,
    threshold: thresholds.incivility,
    calibration: builtin && state.calibration && state.scorer.model.version.includes("+site.")
      ? { revision: state.calibration.revision, fittedAt: state.calibration.fittedAt, labels: state.calibration.labels }
      : null,
    crossValidated: cv ? { rocAuc: cv.rocAuc.mean, sd: cv.rocAuc.sd, on: cv.on } : null,
    lastCalibration,
  };
}

/**
 * The "learn from our decisions" button: fits a site calibration and activates it
 * only if precision/recall at the current threshold improve on held-back labels.
 * Returns the report (also stored; `getScoringStatus().lastCalibration`).
 */
export async function runSiteCalibration(options: { dryRun?: boolean } = {}): Promise<CalibrationReport> {
  return calibrateFromDecisions(options);
}

/**
 * Switches provider or profile: scores every comment lacking a score from the new
 * model version (flag rules applied), then makes it active, then catches up on
 * comments imported meanwhile. Returns the new model and how many were scored.
 */
export async function activateScoringConfig(input: z.input<typeof scoringConfigSchema>): Promise<{ model: ModelInfo; rescored: number }> {
  const config = scoringConfigSchema.parse(input);
  return withScoringChangeLock((signal) => activate(config, signal));
}

async function activate(config: ScoringConfig, signal: AbortSignal): Promise<{ model: ModelInfo; rescored: number }> {
  const next = await stateFor(config);
  const first = await rescoreComments({ scorer: next.scorer, onlyMissing: true, flag: true, signal });
  // The lock must still be held when the model changes.
  signal.throwIfAborted();
  await setScoringConfig(config);
  useActiveState(next);
  const catchUp = await rescoreComments({ scorer: next.scorer, onlyMissing: true, flag: true, signal });
  return { model: next.scorer.model, rescored: first.scored + catchUp.scored };
}
