import type { CommentScore, Scorer } from "../types";
import { scoreSentiment } from "./lexicon-sentiment";
import { scoreIncivilityLexicon } from "./lexicon-incivility";

/** Scores one text the way the first model, `builtin-lexicon` 0.1.0, did. */
export function scoreTextWithLexicon(text: string): CommentScore {
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

/**
 * The hand-written lexicon baseline, kept frozen so its stored scores stay
 * reproducible and newer versions can be compared against it.
 */
export const lexiconScorer: Scorer = {
  model: { name: "builtin-lexicon", version: "0.1.0" },
  async scoreTexts(texts) {
    return texts.map(scoreTextWithLexicon);
  },
};
