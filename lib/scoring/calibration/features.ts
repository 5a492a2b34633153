import type { IncivilityAdjuster } from "../engine";
import type { Attribute } from "../types";

/**
 * Inputs of a site calibration: the shipped model's logit, its attribute scores
 * (as logits) and sentiment. A site can weigh them its own way, e.g. tolerate
 * profanity but not insults.
 */
export const CALIBRATION_FEATURES = ["logit", "insult", "profanity", "threat", "identityAttack", "hostility", "shouting", "sentiment"] as const;

const logit = (p: number) => {
  const q = Math.min(0.999, Math.max(0.001, p));
  return Math.log(q / (1 - q));
};

export function calibrationFeatures(base: { logit: number; attributes: Record<Attribute, number>; sentiment: number }): number[] {
  const a = base.attributes;
  return [base.logit, logit(a.insult), logit(a.profanity), logit(a.threat), logit(a.identityAttack), logit(a.hostility), logit(a.shouting), base.sentiment];
}

/** The identity calibration: the shipped model's own probability. */
export const IDENTITY_WEIGHTS: readonly number[] = CALIBRATION_FEATURES.map((f) => (f === "logit" ? 1 : 0));

export function applyCalibration(weights: readonly number[], bias: number, features: readonly number[]): number {
  let z = bias;
  for (let i = 0; i < features.length; i++) z += weights[i]! * features[i]!;
  return 1 / (1 + Math.exp(-z));
}

export function adjusterFrom(calibration: { weights: readonly number[]; bias: number }): IncivilityAdjuster {
  return (base) => applyCalibration(calibration.weights, calibration.bias, calibrationFeatures(base));
}
