import Sentiment from "sentiment";
import vader from "vader-sentiment";
import { ATTRIBUTES, type Attribute, type CommentScore, type Scorer, type SentimentLabel } from "../types";

/**
 * The published reference methods, for `npm run eval` only (never stored or used to
 * flag): plain AFINN-165 through the `sentiment` package, and VADER through the
 * `vader-sentiment` package (a JavaScript port of Hutto & Gilbert's analyser). Scored
 * on the same rows as the builtin, they show whether those rows are harder or easier
 * than the held-out rows the published figures come from.
 *
 * Incivility is their negativity (AFINN's negative word score, VADER's negative share),
 * the "AFINN negativity" baseline of the reference figures.
 */
export const REFERENCE_MODELS = ["reference-afinn", "reference-vader"] as const;
export type ReferenceModel = (typeof REFERENCE_MODELS)[number];

/** VADER's own thresholds on its compound score, also used for AFINN's sign. */
const VADER_NEUTRAL = 0.05;

const noAttributes = () => Object.fromEntries(ATTRIBUTES.map((a) => [a, 0])) as Record<Attribute, number>;
const labelOf = (value: number, band: number): SentimentLabel => (value > band ? "positive" : value < -band ? "negative" : "neutral");

function score(sentiment: number, label: SentimentLabel, incivility: number): CommentScore {
  return { sentiment, sentimentLabel: label, incivility, attributes: noAttributes(), spans: [] };
}

const afinn = new Sentiment();

function scoreAfinn(text: string): CommentScore {
  const result = afinn.analyze(text);
  // The package's own normalisation: the word score per token, AFINN's -5..5 over words.
  const value = Math.max(-1, Math.min(1, result.comparative / 5));
  // The sum of the negative word scores, squashed into 0..1 (a monotone map: rankings, hence ROC-AUC, are AFINN's).
  const negativity = -result.calculation.reduce((sum, entry) => sum + Math.min(0, ...Object.values(entry)), 0);
  return score(value, labelOf(result.score, 0), 1 - Math.exp(-negativity / 5));
}

function scoreVader(text: string): CommentScore {
  const { compound, neg } = vader.SentimentIntensityAnalyzer.polarity_scores(text);
  return score(compound, labelOf(compound, VADER_NEUTRAL), neg);
}

const scorers: Record<ReferenceModel, Scorer> = {
  "reference-afinn": { model: { name: "reference-afinn", version: "sentiment@5.0.2" }, scoreTexts: async (texts) => texts.map(scoreAfinn) },
  "reference-vader": { model: { name: "reference-vader", version: "vader-sentiment@1.1.3" }, scoreTexts: async (texts) => texts.map(scoreVader) },
};

/** A reference scorer by name, or null when the name is not one. */
export function referenceScorer(name: string): Scorer | null {
  return (REFERENCE_MODELS as readonly string[]).includes(name) ? scorers[name as ReferenceModel] : null;
}
