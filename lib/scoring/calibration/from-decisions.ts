import { z } from "zod";
import { pool } from "@/lib/db";
import { getThresholds } from "@/lib/moderation/thresholds";
import { DomainError } from "@/lib/errors";
import { bestF1, precisionRecallAt } from "../eval/metrics";
import { builtinEngine } from "../builtin";
import { builtinScorerFor, calibratedModelInfo, readActiveState, useActiveState } from "../registry";
import { rescoreComments, type RescoreProgress } from "../rescore";
import { getSiteCalibration, setSiteCalibration, type SiteCalibration } from "../settings";
import type { ModelInfo } from "../types";
import { applyCalibration, CALIBRATION_FEATURES, calibrationFeatures, IDENTITY_WEIGHTS } from "./features";
import { withScoringChangeLock } from "../lock";
import { betterShare } from "./compare";
import { fitLogisticTowards } from "./fit";
import { isHeldBack, readSiteLabels } from "./labels";

const rateSchema = z.object({ precision: z.number(), recall: z.number(), f1: z.number() });
export const calibrationReportSchema = z.object({
  at: z.string(),
  profile: z.string(),
  /** The model in use before this run, and the one it fitted (null when nothing was fitted). */
  currentModel: z.object({ name: z.string(), version: z.string() }),
  candidateModel: z.object({ name: z.string(), version: z.string() }).nullable(),
  labels: z.object({
    total: z.number(),
    uncivil: z.number(),
    fromDecisions: z.number(),
    fromSource: z.number(),
    /** Left out: repeated texts, and sources whose published comments say nothing (see labels.ts). */
    duplicates: z.number().default(0),
    unmoderatedSources: z.array(z.string()).default([]),
  }),
  fitted: z.object({ n: z.number(), uncivil: z.number() }),
  heldBack: z.object({ n: z.number(), uncivil: z.number() }),
  threshold: z.number(),
  before: rateSchema.nullable(),
  after: rateSchema.nullable(),
  /** Share of bootstrap resamples of the held-back part in which the fit's F1 is higher. */
  confidence: z.number().nullable().default(null),
  /** Labelled comments at or over the threshold with the model in use and with the fit: the size of the change. */
  overThreshold: z.object({ of: z.number(), before: z.number(), after: z.number() }).nullable().default(null),
  activated: z.boolean(),
  reason: z.string(),
  weights: z.record(z.string(), z.number()).nullable(),
  rescored: z.number(),
});
export type CalibrationReport = z.infer<typeof calibrationReportSchema>;

/** The smallest label sets a calibration is fitted and judged on. */
export const MIN_LABELS = { fitPerClass: 30, heldBackPerClass: 10 };
/** Pull towards the shipped model (see fit.ts). */
const PRIOR_STRENGTH = 2;
/** An improvement smaller than this is noise, not a reason to switch. */
const MIN_F1_GAIN = 0.005;
/** ...and the gain must hold in this share of resamples of the held-back labels. */
export const MIN_CONFIDENCE = 0.95;
export const REPORT_KEY = "scoring.calibration-report";

// "|| 0" turns -0 into 0, as JSON would.
const round = (x: number) => Math.round(x * 1000) / 1000 || 0;
const rates = (p: { precision: number; recall: number; f1: number }) => ({ precision: round(p.precision), recall: round(p.recall), f1: round(p.f1) });

export type CalibrateOptions = {
  /** Fit and report only, never switch (default: switch when better). */
  dryRun?: boolean;
  onProgress?: (p: RescoreProgress) => void;
};

/**
 * Learns a site calibration from moderators' decisions and source verdicts: fits
 * on three quarters of the labelled comments, compares precision and recall at
 * the current flag threshold on the held-back quarter before (the model in use)
 * and after, and activates the new calibration only if its F1 there is better, by
 * a margin, in at least 95% of bootstrap resamples (a gain on a few removed
 * comments is luck).
 * Activating re-scores every comment with the new version first (flag rules
 * applied), then switches, then scores any comment imported meanwhile. The report
 * is stored for the settings page.
 */
export async function calibrateFromDecisions(options: CalibrateOptions = {}): Promise<CalibrationReport> {
  // A dry run changes no model, so background scoring goes on meanwhile.
  return withScoringChangeLock((signal) => calibrate({ ...options, signal }), { pauseScoring: !options.dryRun });
}

async function calibrate(options: CalibrateOptions & { signal: AbortSignal }): Promise<CalibrationReport> {
  const state = await readActiveState();
  if (state.provider !== "builtin") {
    throw new DomainError("site calibration works on the builtin model; the active provider is an external model server", 409);
  }
  const engine = builtinEngine(state.profile);
  const current = state.scorer.model;
  const { incivility: threshold } = await getThresholds();
  const read = await readSiteLabels(pool);
  const labels = read.labels;
  const base = labels.map((l) => {
    const s = engine.scoreBase(l.body);
    return { ...l, floor: s.floor, x: calibrationFeatures({ logit: s.logit, attributes: s.attributes, sentiment: s.sentiment }) };
  });
  const fitting = base.filter((l) => !isHeldBack(l.id));
  const heldBack = base.filter((l) => isHeldBack(l.id));
  const count = (rows: typeof base) => ({ n: rows.length, uncivil: rows.filter((r) => r.uncivil).length });
  const report: CalibrationReport = {
    at: new Date().toISOString(),
    profile: state.profile,
    currentModel: current,
    candidateModel: null,
    labels: {
      total: labels.length,
      uncivil: labels.filter((l) => l.uncivil).length,
      fromDecisions: labels.filter((l) => l.origin === "decision").length,
      fromSource: labels.filter((l) => l.origin === "source").length,
      duplicates: read.duplicates,
      unmoderatedSources: read.unmoderatedSources,
    },
    fitted: count(fitting),
    heldBack: count(heldBack),
    threshold,
    before: null,
    after: null,
    confidence: null,
    overThreshold: null,
    activated: false,
    reason: "",
    weights: null,
    rescored: 0,
  };
  const enough = (c: { n: number; uncivil: number }, perClass: number) => c.uncivil >= perClass && c.n - c.uncivil >= perClass;
  if (!enough(report.fitted, MIN_LABELS.fitPerClass) || !enough(report.heldBack, MIN_LABELS.heldBackPerClass)) {
    report.reason =
      `not enough labels: need at least ${MIN_LABELS.fitPerClass} removed and ${MIN_LABELS.fitPerClass} kept comments to fit ` +
      `and ${MIN_LABELS.heldBackPerClass} of each held back (have ${report.fitted.uncivil}/${report.fitted.n - report.fitted.uncivil} and ` +
      `${report.heldBack.uncivil}/${report.heldBack.n - report.heldBack.uncivil})`;
    return saveReport(report);
  }

  const previous = state.calibration;
  const usable = previous && previous.baseVersion === engine.model.version ? previous : null;
  // As the scorers score: a calibration's probability, never below the lexicon's floor for clear threats.
  const currentProbability = (r: { x: number[]; floor: number }) =>
    Math.max(r.floor, usable ? applyCalibration(usable.weights, usable.bias, r.x) : applyCalibration(IDENTITY_WEIGHTS, 0, r.x));
  const fit = fitLogisticTowards(fitting.map((r) => ({ x: r.x, y: r.uncivil })), IDENTITY_WEIGHTS, PRIOR_STRENGTH);
  // Move the best-F1 point of the fitted part to the flag threshold the newsroom uses.
  const fittedBest = bestF1(fitting.map((r) => r.uncivil), fitting.map((r) => applyCalibration(fit.weights, fit.bias, r.x)));
  const logit = (p: number) => Math.log(Math.min(0.999, Math.max(0.001, p)) / (1 - Math.min(0.999, Math.max(0.001, p))));
  const bias = fit.bias - logit(fittedBest.threshold) + logit(threshold);
  const heldLabels = heldBack.map((r) => r.uncivil);
  const candidateProbability = (r: { x: number[]; floor: number }) => Math.max(r.floor, applyCalibration(fit.weights, bias, r.x));
  const heldBefore = heldBack.map(currentProbability);
  const heldAfter = heldBack.map(candidateProbability);
  const before = precisionRecallAt(heldLabels, heldBefore, threshold);
  const after = precisionRecallAt(heldLabels, heldAfter, threshold);
  report.before = rates(before);
  report.after = rates(after);
  report.confidence = round(betterShare(heldLabels, heldBefore, heldAfter, threshold));
  report.overThreshold = {
    of: base.length,
    before: base.filter((r) => currentProbability(r) >= threshold).length,
    after: base.filter((r) => candidateProbability(r) >= threshold).length,
  };
  report.weights = { ...Object.fromEntries(CALIBRATION_FEATURES.map((f, i) => [f, round(fit.weights[i]!)])), bias: round(bias) };
  const calibration: SiteCalibration = {
    // Counts on past a retired calibration: a version names one set of weights only.
    revision: ((await getSiteCalibration(state.profile))?.revision ?? 0) + 1,
    profile: state.profile,
    baseVersion: engine.model.version,
    weights: fit.weights,
    bias,
    fittedAt: report.at,
    labels: labels.length,
  };
  const candidate: ModelInfo = calibratedModelInfo(state.profile, calibration);
  report.candidateModel = candidate;
  // Judged on the F1 itself; the report shows it rounded.
  if (after.f1 < before.f1 + MIN_F1_GAIN) {
    report.reason = `kept ${current.name} ${current.version}: F1 on the held-back part would go from ${report.before.f1} to ${report.after.f1}`;
    return saveReport(report);
  }
  if (report.confidence < MIN_CONFIDENCE) {
    report.reason =
      `kept ${current.name} ${current.version}: F1 on the held-back part would go from ${report.before.f1} to ${report.after.f1}, ` +
      `but that holds in only ${Math.round(report.confidence * 100)}% of resamples (needs ${MIN_CONFIDENCE * 100}%): more decisions are needed`;
    return saveReport(report);
  }
  if (options.dryRun) {
    report.reason = `better (F1 ${report.before.f1} → ${report.after.f1}) but not activated: dry run`;
    return saveReport(report);
  }
  const scorer = builtinScorerFor(state.profile, calibration);
  const first = await rescoreComments({ scorer, flag: true, onProgress: options.onProgress, signal: options.signal });
  // The lock must still be held when the model changes.
  options.signal.throwIfAborted();
  await setSiteCalibration(calibration, state.profile);
  useActiveState(await readActiveState());
  const catchUp = await rescoreComments({ scorer, flag: true, onlyMissing: true, signal: options.signal });
  report.rescored = first.scored + catchUp.scored;
  report.activated = true;
  report.reason = `activated ${candidate.name} ${candidate.version}: F1 on the held-back part ${report.before.f1} → ${report.after.f1}`;
  return saveReport(report);
}

async function saveReport(report: CalibrationReport): Promise<CalibrationReport> {
  await pool.query(
    `INSERT INTO setting (key, value) VALUES ($1, $2)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [REPORT_KEY, JSON.stringify(report)],
  );
  return report;
}

/** The last calibration report, or null. */
export async function lastCalibrationReport(): Promise<CalibrationReport | null> {
  const { rows } = await pool.query<{ value: unknown }>("SELECT value FROM setting WHERE key = $1", [REPORT_KEY]);
  const parsed = calibrationReportSchema.safeParse(rows[0]?.value);
  return parsed.success ? parsed.data : null;
}
