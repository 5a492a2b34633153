import type { EvidenceSpan } from "../types";
import type { SentimentResult } from "../sentiment/score";
import { isIdentityWord } from "../text/identity-terms";
import { countCapitals } from "../text/letters";
import type { Token } from "../text/tokenize";
import { lexiconScores, matchLexicon, type LexiconAttribute, type LexiconMatch } from "./lexicon";

/**
 * Whole-comment features of the incivility model, besides its per-word weights.
 * Training and scoring compute them here, so the two can never drift apart.
 */
export const DENSE_FEATURES = [
  "capsShare", "exclamations", "length", "secondPerson", "youNearNegative", "negativeValence", "sarcasm",
  "lexInsult", "lexProfanity", "lexThreat", "lexIdentityAttack", "lexHostility", "identityNearNegative",
] as const;
export type DenseFeature = (typeof DENSE_FEATURES)[number];

export const LEXICON_FEATURE: Record<LexiconAttribute, DenseFeature> = {
  insult: "lexInsult",
  profanity: "lexProfanity",
  threat: "lexThreat",
  identityAttack: "lexIdentityAttack",
  hostility: "lexHostility",
};

const SECOND_PERSON = new Set(["you", "your", "you're", "youre", "yourself", "yourselves", "u", "ur", "ya", "you've", "you'll", "you'd"]);
const NEAR = 3;

/** Everything the model reads from one text, computed in one pass over its tokens. */
export type TextAnalysis = {
  tokens: readonly Token[];
  /** Indices of word and emoji tokens, the model's sequence. */
  words: number[];
  /** Sentence number of each entry of `words` (a sentence ends at a mark with ".", "!", "?" or "…"). */
  sentence: Int32Array;
  lexicon: LexiconMatch[];
  shouting: { score: number; share: number; spans: EvidenceSpan[] };
  values: Float64Array;
};

/** Capitals: share of capital letters, and the capitalised runs as spans. Bounded so capitals alone never flag. */
function measureShouting(text: string, tokens: readonly Token[]): TextAnalysis["shouting"] {
  const { letters, capitals } = countCapitals(text);
  const share = letters >= 12 ? capitals / letters : 0;
  if (share < 0.7) return { score: 0, share, spans: [] };
  const score = Math.min(0.45, (share - 0.6) * 1.1);
  const spans: EvidenceSpan[] = [];
  for (const t of tokens) {
    if (t.kind !== "word" || t.end - t.start < 3) continue;
    const word = text.slice(t.start, t.end);
    if (word !== word.toUpperCase() || word === word.toLowerCase()) continue;
    const previous = spans.at(-1);
    if (previous && /^[\s\p{P}]*$/u.test(text.slice(previous.end, t.start))) previous.end = t.end;
    else spans.push({ start: t.start, end: t.end, attribute: "shouting", weight: score });
  }
  return { score, share, spans };
}

/** True when a negative or lexicon word starts within NEAR words of word `k` (not counting itself). */
function nearNegative(tokens: readonly Token[], words: readonly number[], negativeAt: ReadonlySet<number>, k: number): boolean {
  for (let j = Math.max(0, k - NEAR); j <= Math.min(words.length - 1, k + NEAR); j++) {
    if (j !== k && negativeAt.has(tokens[words[j]!]!.start)) return true;
  }
  return false;
}

/** Computes the dense features of a text (raw values; the model standardises them). */
export function analyzeText(text: string, tokens: readonly Token[], sentiment: SentimentResult): TextAnalysis {
  const words: number[] = [];
  for (let i = 0; i < tokens.length; i++) if (tokens[i]!.kind === "word" || tokens[i]!.kind === "emoji") words.push(i);
  const sentence = new Int32Array(words.length);
  let current = 0;
  let seen = 0;
  for (const t of tokens) {
    if (t.kind === "word" || t.kind === "emoji") sentence[seen++] = current;
    else if (t.kind === "mark" && seen > 0 && sentence[seen - 1] === current && /[.!?…]/.test(t.norm)) current++;
  }
  const lexicon = matchLexicon(tokens);
  const shouting = measureShouting(text, tokens);
  const negativeAt = new Set<number>();
  let negativeValence = 0;
  for (const span of sentiment.spans) {
    if (span.weight >= 0) continue;
    negativeValence -= span.weight;
    negativeAt.add(span.start);
  }
  for (const m of lexicon) negativeAt.add(tokens[m.first]!.start);
  let secondPerson = 0;
  let youNearNegative = 0;
  let identityNearNegative = 0;
  for (let k = 0; k < words.length; k++) {
    const norm = tokens[words[k]!]!.norm;
    if (SECOND_PERSON.has(norm)) {
      secondPerson++;
      if (nearNegative(tokens, words, negativeAt, k)) youNearNegative++;
    } else if (negativeAt.size > 0 && isIdentityWord(norm) && nearNegative(tokens, words, negativeAt, k)) identityNearNegative++;
  }
  let exclamations = 0;
  for (const t of tokens) if (t.kind === "mark") for (const ch of t.norm) if (ch === "!") exclamations++;
  const lex = lexiconScores(lexicon);
  const values = new Float64Array(DENSE_FEATURES.length);
  values[0] = shouting.share;
  values[1] = Math.log1p(exclamations);
  values[2] = Math.log1p(words.length);
  values[3] = Math.log1p(secondPerson);
  values[4] = Math.log1p(youNearNegative);
  values[5] = Math.log1p(negativeValence);
  values[6] = sentiment.sarcastic ? 1 : 0;
  values[7] = lex.insult;
  values[8] = lex.profanity;
  values[9] = lex.threat;
  values[10] = lex.identityAttack;
  values[11] = lex.hostility;
  // Group names count only beside negative or lexicon words: naming a group is not uncivil.
  values[12] = Math.log1p(identityNearNegative);
  return { tokens, words, sentence, lexicon, shouting, values };
}

/** True when entry `k` of the analysis' words opens a sentence. */
export function opensSentence(sentence: Int32Array, k: number): boolean {
  return k === 0 || sentence[k] !== sentence[k - 1];
}
