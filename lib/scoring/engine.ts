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

/** Comments longer than this are also read in windows (the labelled sets' comments are shorter). */
const LONG_WORDS = 100;
/** Words per window; windows overlap by half, so a phrase on a window's edge is whole in the next. */
const WINDOW_WORDS = 60;

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

  /**
   * The shipped model's own outputs, before any site calibration. A long comment is also read in
   * overlapping windows and scores as its worst one: summed over the whole text, the weight of
   * hundreds of civil words buried a clear insult ("… You are a moron." after 4,000 characters of
   * argument scored 0.11). Spans and attributes come from the whole text, which holds the same words.
   */
  scoreBase(text: string): CommentScore & { logit: number; floor: number } {
    const tokens = tokenize(text);
    const sentiment = this.sentiment.score(text, tokens);
    const whole = this.incivility.score(text, tokens, sentiment);
    const worst = this.worstWindow(text, tokens);
    const incivility = worst && worst.logit > whole.logit ? { ...whole, logit: worst.logit, probability: Math.max(whole.probability, worst.probability) } : whole;
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

  /** The most uncivil window of a comment longer than LONG_WORDS words; null for shorter ones. */
  private worstWindow(text: string, tokens: readonly Token[]): { logit: number; probability: number } | null {
    // Positions of the words among the tokens: a window is the tokens from its first word to its last.
    const words = tokens.flatMap((t, i) => (t.kind === "word" ? [i] : []));
    if (words.length <= LONG_WORDS) return null;
    let worst: { logit: number; probability: number } | null = null;
    for (let first = 0; ; first += WINDOW_WORDS / 2) {
      const last = Math.min(words.length, first + WINDOW_WORDS) - 1;
      const from = tokens[words[first]!]!.start;
      const window = text.slice(from, tokens[words[last]!]!.end);
      // The whole text's tokens, moved to the window's offsets: not tokenised again.
      const windowTokens = tokens.slice(words[first]!, words[last]! + 1).map((t) => ({ ...t, start: t.start - from, end: t.end - from }));
      const scored = this.incivility.score(window, windowTokens, this.sentiment.score(window, windowTokens));
      if (!worst || scored.logit > worst.logit) worst = scored;
      if (last === words.length - 1) return worst;
    }
  }

  score(text: string): CommentScore {
    const { logit, floor, ...base } = this.scoreBase(text);
    if (!this.adjust) return base;
    // A calibration weighs the model's evidence its own way, but a clear threat or identity attack stays flagged.
    return { ...base, incivility: Math.max(floor, this.adjust({ logit, attributes: base.attributes, sentiment: base.sentiment })) };
  }
}
