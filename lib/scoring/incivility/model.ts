import type { Attribute, EvidenceSpan, ModelInfo } from "../types";
import type { SentimentResult } from "../sentiment/score";
import { lookupWord } from "../text/lookup";
import { STOPWORDS } from "../text/stopwords";
import type { Token } from "../text/tokenize";
import { analyzeText, DENSE_FEATURES, LEXICON_FEATURE, opensSentence, type TextAnalysis } from "./features";
import { LEXICON_ATTRIBUTES, lexiconScores, type LexiconAttribute } from "./lexicon";
import { ATTRIBUTE_CODES, WEIGHT_SCALE, type AttributeCode, type IncivilityModelFile } from "./model-file";

export type IncivilityResult = {
  probability: number;
  logit: number;
  /** The least the probability may be: a clear threat or identity attack in the lexicon (a site calibration keeps it too). */
  floor: number;
  attributes: Record<Attribute, number>;
  spans: EvidenceSpan[];
};

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const round = (x: number) => Math.round(x * 1000) / 1000;
const NEGATIVE_VALENCE = DENSE_FEATURES.indexOf("negativeValence");
/** Attributes severe enough that the lexicon alone sets a floor under the overall score. */
const SEVERE: readonly LexiconAttribute[] = ["threat", "identityAttack"];

/** Index of the token that starts at `offset` (tokens are in text order), -1 if none. */
function tokenStartingAt(tokens: readonly Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const start = tokens[mid]!.start;
    if (start === offset) return mid;
    if (start < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The runtime form of a shipped model: flat typed arrays indexed by word. */
export class IncivilityModel {
  readonly info: ModelInfo;
  private readonly index: Map<string, number>;
  private readonly presence: Float32Array;
  private readonly vector: Float32Array;
  private readonly strength: Float32Array;
  private readonly initial: Float32Array | null;
  private readonly attribute: string;
  private readonly dense: Float64Array;
  private readonly strongest: Float64Array;
  private readonly strongestCentre: Float64Array;
  private readonly bias: number;
  private readonly baseLogit: number;
  private readonly minEvidence: number;
  // Scratch space reused between calls (JavaScript runs one call at a time).
  private readonly seenAt: Int32Array;
  private readonly seenCount: Int32Array;
  private call = 0;

  constructor(file: IncivilityModelFile) {
    this.info = { name: file.name, version: file.version };
    const words = file.words.split("\n");
    this.index = new Map(words.map((w, i) => [w, i]));
    this.presence = Float32Array.from(file.presence, (x) => x / WEIGHT_SCALE);
    this.vector = Float32Array.from(file.vector, (x) => (x === null ? Number.NaN : x / WEIGHT_SCALE));
    this.strength = Float32Array.from(file.strength, (x) => x / WEIGHT_SCALE);
    this.initial = file.initial ? Float32Array.from(file.initial, (x) => x / WEIGHT_SCALE) : null;
    this.attribute = file.attributes;
    this.dense = Float64Array.from(file.dense);
    this.strongest = Float64Array.from(file.strongest);
    this.strongestCentre = Float64Array.from(file.strongestCentre);
    this.bias = file.bias;
    this.baseLogit = file.baseLogit;
    this.minEvidence = file.minEvidence;
    this.seenAt = new Int32Array(words.length);
    this.seenCount = new Int32Array(words.length);
  }

  /** Table row of each model word of the text (-1 when the model doesn't list it). */
  private rows(analysis: TextAnalysis): Int32Array {
    const rows = new Int32Array(analysis.words.length);
    analysis.words.forEach((t, k) => (rows[k] = lookupWord(this.index, analysis.tokens[t]!.norm)));
    return rows;
  }

  /**
   * Scores one text: the logit, its split into per-token contributions, and the
   * evidence spans and attribute scores derived from that split.
   */
  score(text: string, tokens: readonly Token[], sentiment: SentimentResult): IncivilityResult {
    const analysis = analyzeText(text, tokens, sentiment);
    const rows = this.rows(analysis);
    const contribution = new Float64Array(tokens.length);
    const stamp = ++this.call;
    let withVector = 0;
    for (const row of rows) {
      if (row < 0) continue;
      if (this.seenAt[row] !== stamp) {
        this.seenAt[row] = stamp;
        this.seenCount[row] = 0;
      }
      this.seenCount[row]!++;
      if (!Number.isNaN(this.vector[row]!)) withVector++;
    }
    let logit = this.bias;
    // The two strongest words (a word the model doesn't list has strength 0).
    let first = -1;
    let second = -1;
    let firstStrength = 0;
    let secondStrength = 0;
    for (let k = 0; k < rows.length; k++) {
      const row = rows[k]!;
      const strength = row < 0 ? 0 : this.strength[row]!;
      if (first < 0 || strength > firstStrength) {
        second = first;
        secondStrength = firstStrength;
        first = k;
        firstStrength = strength;
      } else if (second < 0 || strength > secondStrength) {
        second = k;
        secondStrength = strength;
      }
      if (row < 0) continue;
      // Presence counts once per word: each occurrence carries an equal share.
      const share = this.presence[row]! / this.seenCount[row]!;
      // The vector term pools sum / √n over the words that have a vector.
      const vector = Number.isNaN(this.vector[row]!) ? 0 : this.vector[row]! / Math.sqrt(withVector);
      // A word opening a sentence adds its sentence-initial weight there.
      const initial = this.initial !== null && opensSentence(analysis.sentence, k) ? this.initial[row]! : 0;
      contribution[analysis.words[k]!]! += share + vector + initial;
      logit += share + vector + initial;
    }
    const dense = analysis.values;
    for (let f = 0; f < DENSE_FEATURES.length; f++) logit += this.dense[f]! * dense[f]!;
    if (first >= 0) {
      const pairStrength = second >= 0 ? (firstStrength + secondStrength) / 2 : firstStrength;
      logit += this.strongest[0]! * firstStrength + this.strongest[1]! * pairStrength;
      // As evidence, what the strongest words add beyond those of a typical comment: the
      // strongestWord term belongs to the strongest word, the strongestTwo term half to each of the two.
      const top = this.strongest[0]! * (firstStrength - this.strongestCentre[0]!);
      const pair = this.strongest[1]! * (pairStrength - this.strongestCentre[1]!);
      contribution[analysis.words[first]!]! += top + (second >= 0 ? pair / 2 : pair);
      if (second >= 0) contribution[analysis.words[second]!]! += pair / 2;
    }

    // Negative words carry the negative-valence term, in proportion to their valence.
    const valenceTerm = this.dense[NEGATIVE_VALENCE]! * dense[NEGATIVE_VALENCE]!;
    const negatives = sentiment.spans.filter((s) => s.weight < 0);
    const totalValence = negatives.reduce((sum, s) => sum - s.weight, 0);
    if (totalValence > 0) {
      for (const s of negatives) {
        const t = tokenStartingAt(tokens, s.start);
        if (t >= 0) contribution[t]! += (valenceTerm * -s.weight) / totalValence;
      }
    }
    return this.explain(analysis, rows, contribution, logit);
  }

  private explain(analysis: TextAnalysis, rows: Int32Array, contribution: Float64Array, logit: number): IncivilityResult {
    const { tokens, lexicon } = analysis;
    const spans: EvidenceSpan[] = [];
    const evidence: Record<LexiconAttribute, number> = { insult: 0, profanity: 0, threat: 0, identityAttack: 0, hostility: 0 };
    const inLexicon = new Uint8Array(tokens.length);
    const lexicalShare = (m: (typeof lexicon)[number]) => -Math.log(1 - Math.min(m.weight, 0.999));
    const lexiconTotals = new Map<LexiconAttribute, number>();
    for (const m of lexicon) lexiconTotals.set(m.attribute, (lexiconTotals.get(m.attribute) ?? 0) + lexicalShare(m));
    const priors = lexiconScores(lexicon);
    const modelProbability = sigmoid(logit);
    for (const m of lexicon) {
      const f = DENSE_FEATURES.indexOf(LEXICON_FEATURE[m.attribute]);
      let c = (this.dense[f]! * priors[m.attribute] * lexicalShare(m)) / lexiconTotals.get(m.attribute)!;
      for (let t = m.first; t <= m.last; t++) {
        c += contribution[t]!;
        inLexicon[t] = 1;
      }
      let weight = 0;
      if (c > 0) {
        evidence[m.attribute] += c;
        weight = sigmoid(this.baseLogit + c);
      }
      // Threats and identity attacks that set the floor under the score are its evidence, whatever the model adds.
      if (SEVERE.includes(m.attribute) && priors[m.attribute] > modelProbability) weight = Math.max(weight, m.weight);
      if (weight > 0) spans.push({ start: tokens[m.first]!.start, end: tokens[m.last]!.end, attribute: m.attribute, weight: round(weight) });
    }
    for (let k = 0; k < analysis.words.length; k++) {
      const t = analysis.words[k]!;
      const c = contribution[t]!;
      if (inLexicon[t] || c < this.minEvidence || STOPWORDS.has(tokens[t]!.norm)) continue;
      const row = rows[k]!;
      const attribute = (row >= 0 ? ATTRIBUTE_CODES[this.attribute[row] as AttributeCode] : null) ?? "hostility";
      evidence[attribute] += c;
      spans.push({ start: tokens[t]!.start, end: tokens[t]!.end, attribute, weight: round(sigmoid(this.baseLogit + c)) });
    }
    spans.push(...analysis.shouting.spans);
    spans.sort((a, b) => a.start - b.start || b.end - a.end);

    const attributes = { shouting: analysis.shouting.score } as Record<Attribute, number>;
    for (const a of LEXICON_ATTRIBUTES) {
      const learned = evidence[a] > 0 ? sigmoid(this.baseLogit + evidence[a]) : 0;
      attributes[a] = round(Math.max(priors[a], learned));
    }
    const floor = Math.max(0, ...SEVERE.map((a) => priors[a]));
    return { probability: Math.max(sigmoid(logit), floor), logit, floor, attributes, spans };
  }
}
