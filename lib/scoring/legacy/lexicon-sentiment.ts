import Sentiment from "sentiment";
import languageProcessor from "sentiment/lib/language-processor.js";
import type { EvidenceSpan, SentimentLabel } from "../types";
import { findWordSpans } from "../text/spans";

// Editorial praise and scorn AFINN-165 lacks (it scores "World-class reporting!" 0).
const EXTRA_WORDS: Record<string, number> = {
  "world-class": 3,
  edifying: 2,
  insightful: 3,
  informative: 2,
  enlightening: 3,
  thoughtful: 2,
  nonsense: -2,
  propaganda: -2,
  clueless: -2,
  hypocrite: -3,
  hypocrisy: -2,
  garbage: -3,
  laughable: -2,
  disgrace: -3,
  ignorance: -2,
  "bully-boy": -2,
};

// A language of its own: passing `extras` per call would merge them into the
// package's shared AFINN table, which the current sentiment lexicon also reads.
const LANGUAGE = "en-lexicon-0.1";
const analyzer = new Sentiment();
analyzer.registerLanguage(LANGUAGE, { labels: { ...languageProcessor.getLabels("en"), ...EXTRA_WORDS } });

/** Half-width of the neutral band on the -1..1 scale. */
export const NEUTRAL_BAND = 0.1;

/**
 * The first model's sentiment (kept so its stored scores can be reproduced):
 * AFINN-165 via the `sentiment` package, squashed to -1..1.
 * tanh(score / 5): one strong word (±4) lands near ±0.66, several saturate.
 */
export function scoreSentiment(text: string): { value: number; label: SentimentLabel; spans: EvidenceSpan[] } {
  const result = analyzer.analyze(text, { language: LANGUAGE });
  const value = Math.tanh(result.score / 5);
  const label: SentimentLabel = value > NEUTRAL_BAND ? "positive" : value < -NEUTRAL_BAND ? "negative" : "neutral";
  const weights = new Map<string, number>();
  for (const entry of result.calculation) {
    for (const [word, weight] of Object.entries(entry)) weights.set(word, weight);
  }
  const spans = findWordSpans(text, [...weights.keys()]).map((s) => ({
    start: s.start,
    end: s.end,
    attribute: "sentiment" as const,
    weight: weights.get(s.term) ?? 0,
  }));
  return { value, label, spans };
}
