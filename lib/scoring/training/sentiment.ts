import { classification, meanSd, pearson } from "../eval/metrics";
import { GOLD_NEUTRAL_BAND } from "../eval/gold";
import type { SentimentRow } from "../eval/dataset";
import { afinnValences, buildSentimentLexicon } from "../sentiment/lexicon";
import type { SentimentModelFile } from "../sentiment/model-file";
import { EDITORIAL_WORDS, EMOTICONS, NEGATORS, INTENSIFIERS, DOWNTONERS } from "../sentiment/rules";
import { DEFAULT_RULE_WEIGHTS, scoreSentimentTokens, type RuleWeights } from "../sentiment/score";
import { isIdentityWord } from "../text/identity-terms";
import { STOPWORDS } from "../text/stopwords";
import { tokenize } from "../text/tokenize";
import { vectorOf, type WordVectors } from "./embeddings";
import { seededRandom, shuffle } from "./random";
import { fitRidge } from "./ridge";


const WORD = /^[a-z][a-z'-]*[a-z]$/;
const EXTENSION_CANDIDATES = 50_000;
/** The most frequent words are function words whatever their vectors say. */
const SKIP_MOST_FREQUENT = 300;
const NEUTRAL_EXAMPLES = 30_000;
const NEUTRAL_WEIGHT = 0.3;
const RIDGE_LAMBDA = 10;

/** Grids searched by cross-validation; every value is documented in the model card. */
const GRID = {
  vader: [0.4, 0.6, 0.8],
  shrink: [0.7, 1, 1.25],
  minValence: [0.6, 0.8],
  negation: [-0.25, -0.5, -0.74],
  beforeContrast: [0.5, 0.75, 1],
  afterContrast: [0.75, 1, 1.5],
  positive: [0.6, 0.8, 1],
  scale: [0.5, 0.75, 1, 1.5, 2, 3, 4, 5, 6, 8],
  lengthExponent: [0, 0.25, 0.5, 0.75],
  neutralBand: [0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3],
  neutralWord: [0, 0.5, 0.75, 1],
};

/**
 * Predicts an AFINN-scale valence for every frequent word from its vector: ridge
 * regression on the AFINN words (their valence) and frequent non-AFINN words
 * (valence 0, lower weight, so most words stay neutral). Returns unshrunk
 * predictions for candidate words that AFINN and the hand lists lack, kept only
 * where the word's nearest AFINN neighbours agree (this drops most of the noise,
 * e.g. "paragraph" or "reporting" read as negative).
 */
export function predictValences(vectors: WordVectors): Map<string, number> {
  const afinn = afinnValences();
  const known = (w: string) => afinn.has(w) || w in EDITORIAL_WORDS || EMOTICONS.has(w);
  const rows: { x: Float32Array; y: number; weight: number }[] = [];
  for (const [word, valence] of afinn) {
    const row = vectors.index.get(word);
    if (row !== undefined && WORD.test(word)) rows.push({ x: vectorOf(vectors, row), y: valence, weight: 1 });
  }
  let neutral = 0;
  for (let row = 0; row < vectors.words.length && neutral < NEUTRAL_EXAMPLES; row++) {
    const word = vectors.words[row]!;
    if (!WORD.test(word) || known(word)) continue;
    rows.push({ x: vectorOf(vectors, row), y: 0, weight: NEUTRAL_WEIGHT });
    neutral++;
  }
  const { coefficients, intercept } = fitRidge(rows, vectors.dims, RIDGE_LAMBDA);
  // Group names get no guessed valence: their vectors sit near the words of attacks on them.
  const skip = (w: string) => STOPWORDS.has(w) || NEGATORS.has(w) || INTENSIFIERS.has(w) || DOWNTONERS.has(w) || isIdentityWord(w);
  const neighbours = afinnNeighbours(vectors, afinn);
  const predictions = new Map<string, number>();
  for (let row = SKIP_MOST_FREQUENT; row < Math.min(EXTENSION_CANDIDATES, vectors.words.length); row++) {
    const word = vectors.words[row]!;
    if (!WORD.test(word) || known(word) || skip(word)) continue;
    const v = vectorOf(vectors, row);
    let p = intercept;
    for (let k = 0; k < vectors.dims; k++) p += coefficients[k]! * v[k]!;
    if (Math.abs(p) < MIN_CANDIDATE) continue;
    // Keep a prediction only when the word's nearest AFINN words lean the same way.
    const lean = neighbours(v);
    if (Math.sign(lean) !== Math.sign(p) || Math.abs(lean) < MIN_LEAN) continue;
    predictions.set(word, p);
  }
  return predictions;
}

/** Predictions weaker than this are never kept (the grid's smallest cut is 0.6). */
const MIN_CANDIDATE = 0.5;
/** The ten nearest AFINN words must lean the same way by at least one AFINN point. */
const NEIGHBOURS = 10;
const MIN_LEAN = 1;

/** Similarity-weighted mean valence of the nearest AFINN words (cosine) to a vector. */
function afinnNeighbours(vectors: WordVectors, afinn: ReadonlyMap<string, number>): (v: Float32Array) => number {
  const dims = vectors.dims;
  const entries = [...afinn].flatMap(([w, valence]) => {
    const row = vectors.index.get(w);
    return row === undefined || !WORD.test(w) ? [] : [{ valence, row }];
  });
  const unit = new Float32Array(entries.length * dims);
  entries.forEach((e, i) => {
    const v = vectorOf(vectors, e.row);
    const norm = Math.sqrt(v.reduce((a, x) => a + x * x, 0)) || 1;
    for (let d = 0; d < dims; d++) unit[i * dims + d] = v[d]! / norm;
  });
  return (v) => {
    const norm = Math.sqrt(v.reduce((a, x) => a + x * x, 0)) || 1;
    const best: { sim: number; valence: number }[] = [];
    for (let i = 0; i < entries.length; i++) {
      let sim = 0;
      for (let d = 0; d < dims; d++) sim += unit[i * dims + d]! * v[d]!;
      sim /= norm;
      if (best.length < NEIGHBOURS || sim > best[best.length - 1]!.sim) {
        best.push({ sim, valence: entries[i]!.valence });
        best.sort((a, b) => b.sim - a.sim);
        if (best.length > NEIGHBOURS) best.pop();
      }
    }
    const total = best.reduce((a, b) => a + Math.max(b.sim, 0), 0) || 1;
    return best.reduce((a, b) => a + Math.max(b.sim, 0) * b.valence, 0) / total;
  };
}

function extensionFrom(predictions: ReadonlyMap<string, number>, shrink: number, minValence: number): Record<string, number> {
  const extension: Record<string, number> = {};
  for (const [word, p] of predictions) if (Math.abs(p) >= minValence) extension[word] = Math.round(p * shrink * 100) / 100;
  return extension;
}

const label = (x: number, band: number) => (x > band ? 1 : x < -band ? -1 : 0);

type Params = { vader: number; shrink: number; minValence: number; scale: number; lengthExponent: number; neutralBand: number; neutralWord: number; rules: RuleWeights };

/** Every combination of the rule weights in the grid. */
function ruleGrid(): RuleWeights[] {
  return GRID.negation.flatMap((negation) => GRID.beforeContrast.flatMap((beforeContrast) =>
    GRID.afterContrast.flatMap((afterContrast) => GRID.positive.map((positive) => ({ negation, beforeContrast, afterContrast, positive })))));
}
const ruleKey = (r: RuleWeights) => `${r.negation}/${r.beforeContrast}/${r.afterContrast}/${r.positive}`;

/**
 * Raw (unsquashed) rule scores of every row, and the contribution of each row's strongest
 * word, for each VADER weight, extension and rule-weight setting in the grid.
 */
function rawScores(rows: readonly SentimentRow[], predictions: ReadonlyMap<string, number>) {
  const tokens = rows.map((r) => tokenize(r.text));
  const raw = new Map<string, { raw: number; strongest: number }[]>();
  for (const vader of GRID.vader) {
    for (const shrink of GRID.shrink) {
      for (const minValence of GRID.minValence) {
        const lexicon = buildSentimentLexicon(extensionFrom(predictions, shrink, minValence), { vader });
        for (const rules of ruleGrid()) {
          raw.set(`${vader}/${shrink}/${minValence}/${ruleKey(rules)}`, rows.map((r, i) => {
            const { raw, strongest } = scoreSentimentTokens(r.text, tokens[i]!, lexicon, { scale: 1, neutralBand: 0, rules });
            return { raw, strongest };
          }));
        }
      }
    }
  }
  return raw;
}

/** The value the engine computes from a raw score (see scoreSentimentTokens). */
const squash = (raw: number, words: number, p: Pick<Params, "scale" | "lengthExponent">) =>
  Math.tanh(raw / (p.scale * Math.max(1, words) ** p.lengthExponent));

/** The label the engine gives (see scoreSentimentTokens). */
const labelOf = (s: { raw: number; strongest: number }, words: number, p: Pick<Params, "scale" | "lengthExponent" | "neutralBand" | "neutralWord">) =>
  s.strongest < p.neutralWord ? 0 : label(squash(s.raw, words, p), p.neutralBand);

/** Best parameters on the given rows: Pearson r picks the extension, scale and length exponent, macro-F1 the band and the faintest word. */
function fit(gold: readonly number[], raw: ReadonlyMap<string, { raw: number; strongest: number }[]>, words: readonly number[], rows: readonly number[]): Params {
  let best = { r: -Infinity, key: "", vader: 1, shrink: 1, minValence: 1, scale: 5, lengthExponent: 0, rules: DEFAULT_RULE_WEIGHTS };
  const g = rows.map((i) => gold[i]!);
  for (const [key, values] of raw) {
    const [vader, shrink, minValence, negation, beforeContrast, afterContrast, positive] = key.split("/").map(Number) as [number, number, number, number, number, number, number];
    for (const lengthExponent of GRID.lengthExponent) {
      for (const scale of GRID.scale) {
        const r = pearson(g, rows.map((i) => squash(values[i]!.raw, words[i]!, { scale, lengthExponent })));
        if (r > best.r) best = { r, key, vader, shrink, minValence, scale, lengthExponent, rules: { negation, beforeContrast, afterContrast, positive } };
      }
    }
  }
  const values = raw.get(best.key)!;
  const goldLabels = g.map((x) => label(x, GOLD_NEUTRAL_BAND));
  let band = { f1: -Infinity, neutralBand: 0.1, neutralWord: 0 };
  for (const neutralWord of GRID.neutralWord) {
    for (const neutralBand of GRID.neutralBand) {
      const f1 = classification(goldLabels, rows.map((i) => labelOf(values[i]!, words[i]!, { ...best, neutralBand, neutralWord }))).macroF1;
      if (f1 > band.f1) band = { f1, neutralBand, neutralWord };
    }
  }
  const { r: _, key: __, ...chosen } = best;
  return { ...chosen, neutralBand: band.neutralBand, neutralWord: band.neutralWord };
}

/**
 * Fits the sentiment extension and calibration on rated sentences (the NYT
 * editorial ratings may only calibrate: eleven global numbers, no per-word weights).
 * Reports nested k-fold estimates: each fold's numbers are chosen on the other folds.
 */
export function trainSentiment(
  rows: readonly SentimentRow[],
  vectors: WordVectors,
  options: { folds: number; seed: number; version: string; log?: (line: string) => void },
): SentimentModelFile {
  const log = options.log ?? (() => {});
  const predictions = predictValences(vectors);
  log(`sentiment: ${predictions.size} candidate words scored from their vectors`);
  const raw = rawScores(rows, predictions);
  const words = rows.map((r) => tokenize(r.text).filter((t) => t.kind === "word").length);
  const gold = rows.map((r) => r.score);
  const order = shuffle(rows.map((_, i) => i), seededRandom(options.seed));
  const fold = new Array<number>(rows.length);
  order.forEach((row, n) => (fold[row] = n % options.folds));
  const perFold: { pearson: number; macroF1: number; accuracy: number }[] = [];
  for (let f = 0; f < options.folds; f++) {
    const train = rows.map((_, i) => i).filter((i) => fold[i] !== f);
    const test = rows.map((_, i) => i).filter((i) => fold[i] === f);
    const p = fit(gold, raw, words, train);
    const values = raw.get(`${p.vader}/${p.shrink}/${p.minValence}/${ruleKey(p.rules)}`)!;
    const predicted = test.map((i) => squash(values[i]!.raw, words[i]!, p));
    const cls = classification(test.map((i) => label(gold[i]!, GOLD_NEUTRAL_BAND)), test.map((i) => labelOf(values[i]!, words[i]!, p)));
    perFold.push({ pearson: pearson(test.map((i) => gold[i]!), predicted), ...cls });
    log(`sentiment fold ${f + 1}/${options.folds}: r ${perFold.at(-1)!.pearson.toFixed(3)}, macro-F1 ${cls.macroF1.toFixed(3)}`);
  }
  const final = fit(gold, raw, words, rows.map((_, i) => i));
  const summary = (k: "pearson" | "macroF1" | "accuracy") => meanSd(perFold.map((p) => p[k]));
  return {
    format: 1,
    version: options.version,
    extension: extensionFrom(predictions, final.shrink, final.minValence),
    vader: final.vader,
    scale: final.scale,
    neutralBand: final.neutralBand,
    neutralWord: final.neutralWord,
    lengthExponent: final.lengthExponent,
    rules: final.rules,
    training: {
      calibratedOn: `${rows.length} rated sentences`,
      goldNeutralBand: GOLD_NEUTRAL_BAND,
      chosen: final,
      grid: GRID,
      crossValidation: { folds: options.folds, seed: options.seed, pearson: summary("pearson"), macroF1: summary("macroF1"), accuracy: summary("accuracy") },
    },
  };
}
