import { DomainError } from "@/lib/errors";
import { withScoringChangeLock } from "../lock";
import { builtinScorerFor, readActiveState, useActiveState } from "../registry";
import { rescoreComments, type RescoreProgress } from "../rescore";
import { getSiteCalibration, setSiteCalibration } from "../settings";
import type { ModelInfo } from "../types";

export type RevertResult = { from: ModelInfo; to: ModelInfo; rescored: number; flagged: number; unflagged: number };

/**
 * Returns to the shipped model: re-scores every comment with it (flag rules applied,
 * so comments flagged only by the calibration leave the queue), then retires the
 * calibration, then scores any comment imported meanwhile. The retired calibration
 * is kept, marked, so the next one gets a new revision number.
 */
export async function revertSiteCalibration(options: { onProgress?: (p: RescoreProgress) => void } = {}): Promise<RevertResult> {
  return withScoringChangeLock((signal) => revert({ ...options, signal }));
}

async function revert(options: { onProgress?: (p: RescoreProgress) => void; signal: AbortSignal }): Promise<RevertResult> {
  const state = await readActiveState();
  if (state.provider !== "builtin") throw new DomainError("the active provider is an external model server; there is no site calibration to leave", 409);
  const calibration = state.calibration;
  if (!calibration) throw new DomainError("no site calibration is active: the shipped model is already in use", 409);
  const from = state.scorer.model;
  const scorer = builtinScorerFor(state.profile, null);
  const first = await rescoreComments({ scorer, flag: true, onProgress: options.onProgress, signal: options.signal });
  const stored = (await getSiteCalibration(state.profile)) ?? calibration;
  // The lock must still be held when the model changes.
  options.signal.throwIfAborted();
  await setSiteCalibration({ ...stored, retiredAt: new Date().toISOString() }, state.profile);
  useActiveState(await readActiveState());
  const catchUp = await rescoreComments({ scorer, flag: true, onlyMissing: true, signal: options.signal });
  return {
    from,
    to: scorer.model,
    rescored: first.scored + catchUp.scored,
    flagged: first.flagged + catchUp.flagged,
    unflagged: first.unflagged + catchUp.unflagged,
  };
}
