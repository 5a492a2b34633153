import type { EvidenceSpan, SentimentLabel } from "../types";
import { countCapitals, hasStretch } from "../text/letters";
import { isCapitalized, type Token } from "../text/tokenize";
import type { SentimentLexicon } from "./lexicon";
import {
  AFTER_CONTRAST, BEFORE_CONTRAST, CAPS_FACTOR, CONTRAST, DOWNTONERS, EXCLAMATION_STEP, INTENSIFIERS, MAX_EXCLAMATIONS,
  MODIFIER_DECAY, NEGATION_FACTOR, NEGATION_SCOPE, NEGATORS, SARCASM_FACTOR, SARCASM_MARKERS,
} from "./rules";

/**
 * The calibrated numbers: raw valence → -1..1 as tanh(raw / (scale · words^lengthExponent)),
 * the half-width of the neutral band, and how much the strongest word must contribute
 * for a label other than neutral (absent: any word will do).
 */
export type SentimentParams = { scale: number; neutralBand: number; lengthExponent?: number; neutralWord?: number; rules?: Partial<RuleWeights> };

/**
 * The rule weights calibration may set (defaults from rules.ts): the negation factor,
 * the weights of the clauses before and after a contrast word, and a factor on positive valences.
 */
export type RuleWeights = { negation: number; beforeContrast: number; afterContrast: number; positive: number };
export const DEFAULT_RULE_WEIGHTS: RuleWeights = { negation: NEGATION_FACTOR, beforeContrast: BEFORE_CONTRAST, afterContrast: AFTER_CONTRAST, positive: 1 };

export type SentimentResult = {
  /** -1..1. */
  value: number;
  label: SentimentLabel;
  /** Sum of rule-adjusted valences on AFINN's scale, before squashing. */
  raw: number;
  /** A sarcasm marker was seen ("yeah right", "/s"). */
  sarcastic: boolean;
  /** The largest rule-adjusted |valence| of one word or phrase (0 when none counts). */
  strongest: number;
  spans: EvidenceSpan[];
};

type Hit = { token: number; end: number; valence: number; sentence: number };

/** A word's valence, also for stretched spellings ("sooo baaad" → "bad"). */
function valenceOf(lexicon: SentimentLexicon, norm: string): number | undefined {
  const direct = lexicon.words.get(norm);
  if (direct !== undefined || !hasStretch(norm)) return direct;
  return lexicon.words.get(norm.replace(/(.)\1{2,}/gu, "$1$1")) ?? lexicon.words.get(norm.replace(/(.)\1+/gu, "$1"));
}

const SARCASM_TAG = /(?:^|\s)\/s(?:\s|$)/;

const MARKERS_BY_FIRST = new Map<string, (readonly string[])[]>();
for (const marker of SARCASM_MARKERS) MARKERS_BY_FIRST.set(marker[0]!, [...(MARKERS_BY_FIRST.get(marker[0]!) ?? []), marker]);

const MARKER_START = new RegExp(`(?<![\\p{L}])(?:${[...MARKERS_BY_FIRST.keys()].join("|")})(?![\\p{L}])`, "iu");

/** Index of the first token of the first sarcasm marker; 0 for a "/s" tag; Infinity for none. */
function sarcasmStart(tokens: readonly Token[], text: string): number {
  if (text.includes("/s") && SARCASM_TAG.test(text)) return 0;
  // One native scan first: most comments contain no marker's first word at all.
  if (!MARKER_START.test(text)) return Number.POSITIVE_INFINITY;
  for (let i = 0; i < tokens.length; i++) {
    for (const marker of MARKERS_BY_FIRST.get(tokens[i]!.norm) ?? []) {
      let j = 1;
      while (j < marker.length && tokens[i + j]?.norm === marker[j]) j++;
      if (j === marker.length) return i;
    }
  }
  return Number.POSITIVE_INFINITY;
}

/** First letter upper-case, not the whole word ("Senate", not "SENATE" or "senate"). */
function isTitleCase(text: string, token: Token): boolean {
  const first = text[token.start]!;
  return first !== first.toLowerCase() && !isCapitalized(text, token);
}

/**
 * Negators and modifiers wait for the next sentiment word of their clause (within
 * NEGATION_SCOPE words) and are used up by it: in "without warning, inexcusable"
 * only "warning" is negated.
 */
class PendingModifiers {
  private negatedFor = 0;
  private boosts: { factor: number; age: number }[] = [];

  reset(): void {
    this.negatedFor = 0;
    this.boosts = [];
  }

  /** A word without valence: start a modifier, or age the pending ones. */
  see(norm: string, next: string | undefined): void {
    this.negatedFor = Math.max(0, this.negatedFor - 1);
    for (const b of this.boosts) b.age++;
    this.boosts = this.boosts.filter((b) => b.age < NEGATION_SCOPE);
    // "not only … but" and "no doubt" stress rather than negate.
    if (NEGATORS.has(norm) && next !== "only" && next !== "doubt") this.negatedFor = NEGATION_SCOPE;
    const boost = INTENSIFIERS.get(norm) ?? DOWNTONERS.get(norm);
    if (boost !== undefined) this.boosts.push({ factor: boost, age: 0 });
  }

  /** A sentiment word: the factor the pending modifiers give it, then they are spent. */
  use(negation: number): number {
    let factor = this.negatedFor > 0 ? negation : 1;
    for (const b of this.boosts) factor *= 1 + (b.factor - 1) * MODIFIER_DECAY[b.age]!;
    this.reset();
    return factor;
  }
}

/**
 * Rule-based sentiment over AFINN-165 and its extensions: negation scope,
 * intensifiers and downtoners, "but" contrast, capitals, exclamation marks,
 * sarcasm markers, emoji and emoticons. Each word that moved the score is a span
 * whose weight is its signed contribution.
 */
export function scoreSentimentTokens(
  text: string,
  tokens: readonly Token[],
  lexicon: SentimentLexicon,
  params: SentimentParams,
): SentimentResult {
  const rules = params.rules ? { ...DEFAULT_RULE_WEIGHTS, ...params.rules } : DEFAULT_RULE_WEIGHTS;
  const caps = countCapitals(text);
  const shoutedText = caps.letters >= 8 && caps.capitals === caps.letters;
  const sarcasmFrom = sarcasmStart(tokens, text);
  const hits: Hit[] = [];
  const contrastAt = new Map<number, number>();
  let sentence = 0;
  let exclamations = 0;
  const pending = new PendingModifiers();
  let words = 0;
  for (const t of tokens) if (t.kind === "word") words++;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === "mark") {
      exclamations += t.norm.split("!").length - 1;
      if (/[.!?…]/.test(t.norm)) sentence++;
      pending.reset();
      continue;
    }
    if (CONTRAST.has(t.norm)) {
      if (!contrastAt.has(sentence)) contrastAt.set(sentence, i);
      pending.reset();
      continue;
    }
    let valence: number | undefined;
    let last = i;
    const phrases = lexicon.phrases.get(t.norm);
    if (phrases) {
      for (const p of phrases) {
        if (p.words.every((w, k) => tokens[i + k]?.norm === w)) {
          valence = p.valence;
          last = i + p.words.length - 1;
          break;
        }
      }
    }
    valence ??= valenceOf(lexicon, t.norm);
    // A capitalised word inside a sentence is mostly a name ("Development", "Representative"):
    // valences guessed from word vectors don't apply to it.
    if (valence !== undefined && last === i && i > 0 && tokens[i - 1]!.kind !== "mark" && lexicon.derived.has(t.norm) && isTitleCase(text, t)) {
      valence = undefined;
    }
    if (valence === undefined || valence === 0) {
      pending.see(t.norm, tokens[i + 1]?.norm);
      continue;
    }
    valence *= pending.use(rules.negation);
    if (!shoutedText && isCapitalized(text, t)) valence *= CAPS_FACTOR;
    if (valence > 0 && i >= sarcasmFrom) valence *= SARCASM_FACTOR;
    hits.push({ token: i, end: last, valence, sentence });
    i = last;
  }
  let raw = 0;
  let strongest = 0;
  for (const hit of hits) {
    const pivot = contrastAt.get(hit.sentence);
    if (pivot !== undefined) hit.valence *= hit.token < pivot ? rules.beforeContrast : rules.afterContrast;
    if (hit.valence > 0) hit.valence *= rules.positive;
    raw += hit.valence;
    strongest = Math.max(strongest, Math.abs(hit.valence));
  }
  if (raw !== 0) raw += Math.sign(raw) * EXCLAMATION_STEP * Math.min(exclamations, MAX_EXCLAMATIONS);
  // Long sentences pile up valence: the scale grows with their length.
  const value = Math.tanh(raw / (params.scale * Math.max(1, words) ** (params.lengthExponent ?? 0)));
  // Faint words alone (weak guessed valences, mild words softened by the rules) leave a sentence
  // neutral, though they still move its value.
  const label: SentimentLabel =
    strongest < (params.neutralWord ?? 0) ? "neutral" : value > params.neutralBand ? "positive" : value < -params.neutralBand ? "negative" : "neutral";
  const spans: EvidenceSpan[] = hits.map((h) => ({
    start: tokens[h.token]!.start,
    end: tokens[h.end]!.end,
    attribute: "sentiment",
    weight: Math.round(h.valence * 1000) / 1000,
  }));
  return { value, label, raw, sarcastic: sarcasmFrom !== Number.POSITIVE_INFINITY, strongest, spans };
}
