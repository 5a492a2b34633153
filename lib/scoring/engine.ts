import type { CommentScore, ModelInfo } from "./types";
import { IncivilityModel } from "./incivility/model";
import type { IncivilityModelFile } from "./incivility/model-file";
import { buildSentimentLexicon, type SentimentLexicon } from "./sentiment/lexicon";
import type { SentimentModelFile } from "./sentiment/model-file";
import { scoreSentimentTokens, type SentimentParams, type SentimentResult } from "./sentiment/score";
import { tokenize, type Token } from "./text/tokenize";

/** Maps the shipped model's outputs to a site-calibrated incivility (see calibration/). */
export type IncivilityAdjuster = (base: { logit: number; attributes: CommentScore["attributes"]; sentiment: number }) => number;

/** Sentiment with the shipped lexicon extension and calibration. */
export class SentimentEngine {
  private readonly lexicon: SentimentLexicon;
  private readonly params: SentimentParams;

  constructor(file: Pick<SentimentModelFile, "extension" | "scale" | "neutralBand" | "rules"> & { lengthExponent?: number; vader?: number; neutralWord?: number }) {
    this.lexicon = buildSentimentLexicon(file.extension, { vader: file.vader });
    this.params = { scale: file.scale, neutralBand: file.neutralBand, lengthExponent: file.lengthExponent ?? 0, neutralWord: file.neutralWord, rules: file.rules };
  }

  score(text: string, tokens: readonly Token[] = tokenize(text)): SentimentResult {
    return scoreSentimentTokens(text, tokens, this.lexicon, this.params);
  }
}

/**
 * Both scores for one text from one tokenisation: sentiment first (the
 * incivility model reads its negative words and sarcasm markers), then incivility.
 */
export class TextScorer {
  readonly model: ModelInfo;

  constructor(
    readonly sentiment: SentimentEngine,
    readonly incivility: IncivilityModel,
    private readonly adjust?: IncivilityAdjuster,
    model?: ModelInfo,
  ) {
    this.model = model ?? incivility.info;
  }

  static fromFiles(sentiment: SentimentModelFile, incivility: IncivilityModelFile): TextScorer {
    return new TextScorer(new SentimentEngine(sentiment), new IncivilityModel(incivility));
  }

  /** A scorer with the same parts and a site calibration on top, recorded under its own version. */
  withAdjuster(adjust: IncivilityAdjuster, model: ModelInfo): TextScorer {
    return new TextScorer(this.sentiment, this.incivility, adjust, model);
  }

  /** The shipped model's own outputs, before any site calibration. */
  scoreBase(text: string): CommentScore & { logit: number; floor: number } {
    const tokens = tokenize(text);
    const sentiment = this.sentiment.score(text, tokens);
    const incivility = this.incivility.score(text, tokens, sentiment);
    return {
      sentiment: sentiment.value,
      sentimentLabel: sentiment.label,
      incivility: incivility.probability,
      logit: incivility.logit,
      floor: incivility.floor,
      attributes: incivility.attributes,
      spans: [...incivility.spans, ...sentiment.spans].sort((a, b) => a.start - b.start || b.end - a.end),
    };
  }

  score(text: string): CommentScore {
    const { logit, floor, ...base } = this.scoreBase(text);
    if (!this.adjust) return base;
    // A calibration weighs the model's evidence its own way, but a clear threat or identity attack stays flagged.
    return { ...base, incivility: Math.max(floor, this.adjust({ logit, attributes: base.attributes, sentiment: base.sentiment })) };
  }
}
