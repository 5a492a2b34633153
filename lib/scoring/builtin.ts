import type { CommentScore, Scorer } from "./types";
import { scoreSentiment } from "./sentiment";
import { scoreIncivilityLexicon } from "./incivility-lexicon";

/** Scores one text with the built-in engine (no network, no model files). */
export function scoreText(text: string): CommentScore {
  const sentiment = scoreSentiment(text);
  const incivility = scoreIncivilityLexicon(text);
  return {
    sentiment: sentiment.value,
    sentimentLabel: sentiment.label,
    incivility: incivility.probability,
    attributes: incivility.attributes,
    spans: [...incivility.spans, ...sentiment.spans].sort((a, b) => a.start - b.start),
  };
}

export const builtinScorer: Scorer = {
  model: { name: "builtin-lexicon", version: "0.1.0" },
  async scoreTexts(texts) {
    return texts.map(scoreText);
  },
};
