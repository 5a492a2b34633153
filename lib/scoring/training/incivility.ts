import type { SentimentEngine } from "../engine";
import { averagePrecision, bestF1, meanSd, precisionRecallAt, rocAuc } from "../eval/metrics";
import { DENSE_FEATURES } from "../incivility/features";
import { IncivilityModel } from "../incivility/model";
import { STRONGEST_FEATURES, WEIGHT_SCALE, type IncivilityModelFile } from "../incivility/model-file";
import { tokenize } from "../text/tokenize";
import type { Profile } from "../types";
import { MEMBER_SOURCES, PROFILE_SOURCE_WEIGHTS, PROFILE_SOURCES, readCorpus, rowWeights, SOURCE_INFO, VALIDATION_SOURCE, type CorpusRow } from "./corpus";
import { vectorOf, type WordVectors } from "./embeddings";
import {
  attributeCodes, buildVocabulary, denseColumns, fitStandardizer, initialColumns, layout, readRowFeatures, toExamples,
  type Standardizer, type Vocabulary,
} from "./incivility-features";
import { DEFAULT_LOGISTIC, trainLogistic, type Example, type LogisticModel, type LogisticOptions } from "./logistic";
import { stratifiedFolds } from "./random";
import { appendSparse, clusterColumns, clusterWeight, clusterWords, WORD_CLUSTERS } from "./clusters";
import { appendColumns, strongestColumns, wordStrengths } from "./strongest";
import { CHAR_GRAM_BUCKETS, charGramColumns, charGramWeight, wordCharGrams, type CharGrams } from "./char-grams";

export type TrainIncivilityOptions = {
  profile: Profile;
  dataDir: string;
  vectors: WordVectors;
  sentiment: SentimentEngine;
  folds: number;
  seed: number;
  version: string;
  logistic?: Partial<LogisticOptions>;
  log?: (line: string) => void;
};

/**
 * Value of the sentence-initial columns (a word's second weight where it opens a
 * sentence), read by the second stage only, after its strongest-word columns. News CV
 * 0.8132 → 0.8155 (value 1: 0.8146, 3: 0.8156); default CAT CV 0.8210 → 0.8225.
 */
const INITIAL_VALUE = 2;

/** Contribution (logit) a word needs before it is shown as evidence. */
const MIN_EVIDENCE = 0.75;

type Parts = { vocabulary: Vocabulary; standardizer: Standardizer; vectors: WordVectors; codes: string; cluster: Int32Array; charGrams: CharGrams };

/**
 * A trained model: the second stage, the first stage's word strengths it reads
 * through STRONGEST_FEATURES, and (news profile) the news-only model over the pooled
 * vectors and comment features whose logit is added at NEWS_MEMBER_WEIGHT.
 */
type Fitted = { model: LogisticModel; strength: Int32Array; strongest: Standardizer; member: LogisticModel | null; newsWords: boolean };

/** The learned weights' column layout after the layout() columns. */
const offsets = (at: { total: number; words: number }) => {
  const strongest = at.total + WORD_CLUSTERS + CHAR_GRAM_BUCKETS;
  const initial = strongest + STRONGEST_FEATURES.length;
  return { strongest, initial, newsWords: initial + at.words };
};

/**
 * Value of the news-word columns: the second stage sees each news comment's words
 * twice, as shared columns and as columns only news comments set. The second weight
 * learns what a word means in news comments, whatever it means on Wikipedia, and is
 * added to the shared one at export: the profile scores news comments. News CV over
 * three fold seeds (7 / 11 / 13), with Wikipedia rows counted twice (PROFILE_SOURCE_WEIGHTS):
 * mean 0.8122 → 0.8138 (0.8159 → 0.8186, 0.8086 → 0.8102, 0.8120 → 0.8127). Value 0.3: 0.8183,
 * 0.7: 0.8190, 1: 0.8165 on seed 7; both stages 0.8159.
 */
const NEWS_WORD_VALUE = 0.5;

/**
 * Weight of the news-only member's logit (0.5, averaging the two, measured +0.007 in
 * cross-validation; 0.75 +0.007, 1 +0.006). Its learner has no L1: the inputs are dense.
 */
const NEWS_MEMBER_WEIGHT = 0.5;
const MEMBER_LOGISTIC: Partial<LogisticOptions> = { l1: 0 };

/**
 * Learner settings per profile, chosen by each profile's own cross-validation: the news
 * profile stops after 4 passes (news CV 0.8118 → 0.8130; 3 passes 0.8092, 8 passes 0.8102),
 * the default profile keeps 6 (4 passes: CAT CV 0.8196 → 0.8180).
 */
const PROFILE_LOGISTIC: Record<Profile, Partial<LogisticOptions>> = { default: {}, news: { epochs: 4 } };

/**
 * Training target of a row: its graded score, for UCC rows its square root. UCC scores
 * are the largest share of raters who marked the comment; the root lifts comments some
 * raters found hostile without calling them uncivil (news CV 0.8096 → 0.8108; power
 * 0.7 0.8106, 0.35 0.8108, 1.5 0.8066).
 */
const targetOf = (row: CorpusRow) => (row.source === "ucc" ? Math.sqrt(row.score) : row.score);

/** Folds the learned weights into the per-word tables of the shipped format. */
function exportModel(fitted: Fitted, parts: Parts, calibration: { slope: number; intercept: number; baseLogit: number }, meta: Omit<IncivilityModelFile, "words" | "presence" | "vector" | "strength" | "attributes" | "dense" | "strongest" | "strongestCentre" | "bias" | "baseLogit" | "minEvidence">): IncivilityModelFile {
  const { vocabulary, standardizer: s, vectors } = parts;
  const { model, strength, member } = fitted;
  const dims = vectors.dims;
  const at = layout(vocabulary, dims);
  // The member reads the same standardised vector and dense columns: its weights add to the model's.
  const w = Float64Array.from(model.weights);
  let bias = model.bias;
  if (member) {
    for (let k = 0; k < at.total - at.vector; k++) w[at.vector + k] = w[at.vector + k]! + NEWS_MEMBER_WEIGHT * member.weights[k]!;
    bias += NEWS_MEMBER_WEIGHT * member.bias;
  }
  const q = (x: number) => Math.round(x * calibration.slope * WEIGHT_SCALE);
  // Per unit of the raw mean vector; the centring terms are constants that go to the bias.
  const perDim = Float64Array.from({ length: dims }, (_, d) => w[at.vector + d]! / s.scale[d]!);
  for (let d = 0; d < dims; d++) bias -= perDim[d]! * s.mean[d]!;
  const dense = DENSE_FEATURES.map((_, k) => {
    const perUnit = w[at.dense + k]! / s.scale[dims + k]!;
    bias -= perUnit * s.mean[dims + k]!;
    return Math.round(perUnit * calibration.slope * 1e5) / 1e5;
  });
  const strongest = STRONGEST_FEATURES.map((_, k) => {
    const perUnit = w[offsets(at).strongest + k]! / fitted.strongest.scale[k]!;
    bias -= perUnit * fitted.strongest.mean[k]!;
    return Math.round(perUnit * calibration.slope * 1e5) / 1e5;
  });
  // Words with neither a weight nor a vector would change nothing: they are not shipped.
  const newsWord = (i: number) => (fitted.newsWords ? NEWS_WORD_VALUE * w[offsets(at).newsWords + i]! : 0);
  const presence = vocabulary.words.map((_, i) => q(w[i]! + newsWord(i) + charGramWeight(w, at.total + WORD_CLUSTERS, parts.charGrams, i)));
  const vector = vocabulary.words.map((_, i) => {
    const row = vocabulary.vectorRow[i]!;
    if (row < 0) return null;
    const v = vectorOf(vectors, row);
    let x = 0;
    for (let d = 0; d < dims; d++) x += perDim[d]! * v[d]!;
    return q(x + clusterWeight(w, at.total, parts.cluster, i));
  });
  const initial = vocabulary.words.map((_, i) => q(w[offsets(at).initial + i]! * INITIAL_VALUE));
  const kept = vocabulary.words.flatMap((_, i) => (presence[i] !== 0 || vector[i] !== null || strength[i] !== 0 || initial[i] !== 0 ? [i] : []));
  return {
    ...meta,
    words: kept.map((i) => vocabulary.words[i]!).join("\n"),
    presence: kept.map((i) => presence[i]!),
    vector: kept.map((i) => vector[i]!),
    strength: kept.map((i) => strength[i]!),
    initial: kept.map((i) => initial[i]!),
    attributes: kept.map((i) => parts.codes[i]!).join(""),
    dense,
    strongest,
    strongestCentre: Array.from(fitted.strongest.mean, (x) => Math.round(x * 1e5) / 1e5),
    bias: Math.round((bias * calibration.slope + calibration.intercept) * 1e5) / 1e5,
    baseLogit: Math.round(calibration.baseLogit * 1e5) / 1e5,
    minEvidence: MIN_EVIDENCE,
  };
}

/**
 * Platt scaling (slope and intercept on the logit) with both classes weighted
 * equally, and Platt's smoothed targets so separable scores don't diverge.
 */
function fitPlatt(logits: readonly number[], labels: readonly number[]): { slope: number; intercept: number } {
  const positives = labels.filter((l) => l === 1).length;
  const negatives = labels.length - positives;
  const weight = (l: number) => (l === 1 ? labels.length / (2 * positives) : labels.length / (2 * negatives));
  const target = (l: number) => (l === 1 ? (positives + 1) / (positives + 2) : 1 / (negatives + 2));
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 200; iter++) {
    // Newton steps on the weighted log-loss of sigmoid(a·z + b).
    let ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
    logits.forEach((z, i) => {
      const p = 1 / (1 + Math.exp(-(a * z + b)));
      const w = weight(labels[i]!);
      const e = (p - target(labels[i]!)) * w;
      const h = p * (1 - p) * w;
      ga += e * z;
      gb += e;
      haa += h * z * z;
      hab += h * z;
      hbb += h;
    });
    const det = haa * hbb - hab * hab;
    if (Math.abs(det) < 1e-12) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-9) break;
  }
  return { slope: a, intercept: b };
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const logit = (p: number) => Math.log(p / (1 - p));

/**
 * The best-F1 threshold, placed halfway (on the logit scale) between the lowest
 * score it flags and the next score below, not at the edge of the flagged set.
 */
function operatingPoint(labels: readonly number[], probabilities: readonly number[]): number {
  const best = bestF1(labels, probabilities);
  const below = Math.max(...probabilities.filter((p) => p < best.threshold), 1e-6);
  const clamp = (p: number) => Math.min(1 - 1e-6, Math.max(1e-6, p));
  return sigmoid((logit(clamp(best.threshold)) + logit(clamp(below))) / 2);
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * Trains a profile's incivility model: k-fold cross-validation on the profile's
 * validation source (the other sources always train), then the final model on
 * everything, calibrated on the out-of-fold scores. Seeded: the same inputs give
 * the same file.
 */
export function trainIncivility(o: TrainIncivilityOptions): IncivilityModelFile {
  const log = o.log ?? (() => {});
  const rows = readCorpus(o.dataDir, o.profile);
  log(`${o.profile}: ${rows.length} rows from ${PROFILE_SOURCES[o.profile].join(", ")}`);
  const features = readRowFeatures(rows, o.sentiment);
  const vocabulary = buildVocabulary(features, o.vectors);
  const columns = denseColumns(features, vocabulary, o.vectors);
  const standardizer = fitStandardizer(columns);
  const at = layout(vocabulary, o.vectors.dims);
  const cluster = clusterWords(vocabulary, o.vectors, WORD_CLUSTERS, o.seed);
  const plain = toExamples(features, columns, vocabulary, standardizer);
  // Word clusters sit after the layout's columns, then the words' character n-grams, then the strongest-word features.
  const charGrams = wordCharGrams(vocabulary);
  const clustered = appendSparse(plain, clusterColumns(features, vocabulary, cluster), at.total);
  const examples = appendSparse(clustered, charGramColumns(features, vocabulary, charGrams), at.total + WORD_CLUSTERS);
  const total = at.total + WORD_CLUSTERS + CHAR_GRAM_BUCKETS;
  const initial = initialColumns(features, vocabulary, INITIAL_VALUE);
  const weights = rowWeights(rows, o.profile);
  const parts: Parts = { vocabulary, standardizer, vectors: o.vectors, codes: attributeCodes(vocabulary, o.vectors), cluster, charGrams };
  const options = { ...DEFAULT_LOGISTIC, ...PROFILE_LOGISTIC[o.profile], ...o.logistic, seed: o.seed };
  const fitOn = (data: readonly Example[], indices: number[], dims: number, extra: Partial<LogisticOptions> = {}) =>
    trainLogistic(indices.map((i) => ({ ...data[i]!, target: targetOf(rows[i]!), weight: weights[i]! })), dims, { ...options, ...extra });
  // The member's examples: the standardised vector and dense columns only, renumbered from 0.
  const memberExamples = plain.map((ex) => {
    const from = ex.index.findIndex((j) => j >= at.vector);
    return { ...ex, index: ex.index.slice(from).map((j) => j - at.vector), value: ex.value.slice(from) };
  });
  const memberSources = new Set<string>(MEMBER_SOURCES[o.profile]);
  const newsWords = memberSources.size > 0;
  // Each news comment's words again, as columns of their own (toExamples puts the words first).
  const newsWordColumns = plain.map((ex, i) => {
    const words = memberSources.has(rows[i]!.source) ? ex.index.findIndex((j) => j >= at.vector) : 0;
    return { index: ex.index.slice(0, words), value: new Float32Array(words).fill(NEWS_WORD_VALUE) };
  });
  // Two stages on the same rows: the first gives every word a strength, the second
  // also reads the strongest words' strengths (max pooling: one very uncivil word
  // counts even in a long comment) and the words that open sentences.
  const train = (indices: number[]): Fitted => {
    const first = fitOn(examples, indices, total);
    const strength = wordStrengths(first, vocabulary, standardizer, o.vectors, cluster, (i) => charGramWeight(first.weights, at.total + WORD_CLUSTERS, charGrams, i));
    const extra = strongestColumns(features, vocabulary, strength);
    const strongest = fitStandardizer(extra);
    const columns = offsets(at);
    const withInitial = appendSparse(appendColumns(examples, extra, total, strongest), initial, columns.initial);
    const second = newsWords ? appendSparse(withInitial, newsWordColumns, columns.newsWords) : withInitial;
    const model = fitOn(second, indices, columns.newsWords + (newsWords ? vocabulary.words.length : 0));
    const news = indices.filter((i) => memberSources.has(rows[i]!.source));
    const member = news.length ? fitOn(memberExamples, news, at.total - at.vector, MEMBER_LOGISTIC) : null;
    return { model, strength, strongest, member, newsWords };
  };
  const identity = { slope: 1, intercept: 0, baseLogit: 0 };
  const meta = {
    format: 2 as const, name: `builtin-${o.profile}`, version: o.version, profile: o.profile,
    license: PROFILE_SOURCES[o.profile].every((s) => SOURCE_INFO[s].commercial)
      ? "commercial use allowed (training data: Apache-2.0 / MIT; word vectors: PDDL)"
      : "non-commercial only (trained on CC BY-NC-SA 4.0 news comments)",
    commercialUse: PROFILE_SOURCES[o.profile].every((s) => SOURCE_INFO[s].commercial),
    data: PROFILE_SOURCES[o.profile].map((s) => `${SOURCE_INFO[s].file} (${SOURCE_INFO[s].license})`),
    training: {},
  };
  const scoreRows = (file: IncivilityModelFile, indices: number[]) => {
    const model = new IncivilityModel(file);
    return indices.map((i) => {
      const tokens = tokenize(rows[i]!.text);
      return model.score(rows[i]!.text, tokens, o.sentiment.score(rows[i]!.text, tokens));
    });
  };

  const validation = rows.flatMap((r, i) => (r.source === VALIDATION_SOURCE[o.profile] ? [i] : []));
  const fold = stratifiedFolds(validation.map((i) => rows[i]!.label), o.folds, o.seed);
  const outOfFold = new Map<number, { logit: number; probability: number }>();
  const perFold: { auc: number; averagePrecision: number }[] = [];
  for (let f = 0; f < o.folds; f++) {
    const held = new Set(validation.filter((_, k) => fold[k] === f));
    const model = train(rows.map((_, i) => i).filter((i) => !held.has(i)));
    const heldOut = [...held];
    const scored = scoreRows(exportModel(model, parts, identity, meta), heldOut);
    heldOut.forEach((i, k) => outOfFold.set(i, scored[k]!));
    const labels = heldOut.map((i) => rows[i]!.label);
    const probabilities = scored.map((s) => s.probability);
    perFold.push({ auc: rocAuc(labels, probabilities), averagePrecision: averagePrecision(labels, probabilities) });
    log(`${o.profile} fold ${f + 1}/${o.folds}: ROC-AUC ${perFold.at(-1)!.auc.toFixed(3)} on ${heldOut.length} ${VALIDATION_SOURCE[o.profile]} rows`);
  }
  const oofRows = [...outOfFold.keys()];
  const oofLabels = oofRows.map((i) => rows[i]!.label);
  // Platt scaling with balanced classes sets the slope; the intercept then moves the
  // best-F1 point of the out-of-fold scores to 0.5, the default flag threshold.
  const balanced = fitPlatt(oofRows.map((i) => outOfFold.get(i)!.logit), oofLabels);
  const balancedProbabilities = oofRows.map((i) => sigmoid(balanced.slope * outOfFold.get(i)!.logit + balanced.intercept));
  const operating = operatingPoint(oofLabels, balancedProbabilities);
  const platt = { slope: balanced.slope, intercept: balanced.intercept - Math.log(operating / (1 - operating)) };
  const calibrated = oofRows.map((i) => platt.slope * outOfFold.get(i)!.logit + platt.intercept);
  const baseLogit = median(calibrated.filter((_, k) => oofLabels[k] === 0));
  const oofProbabilities = calibrated.map(sigmoid);
  const best = bestF1(oofLabels, oofProbabilities);
  const atHalf = precisionRecallAt(oofLabels, oofProbabilities, 0.5);

  log(`${o.profile}: CV ROC-AUC mean ${meanSd(perFold.map((p) => p.auc)).mean.toFixed(4)}`);
  log(`${o.profile}: final model on all ${rows.length} rows`);
  const final = train(rows.map((_, i) => i));
  const round3 = (x: number) => Math.round(x * 1000) / 1000;
  const summary = (k: "auc" | "averagePrecision") => {
    const { mean, sd } = meanSd(perFold.map((p) => p[k]));
    return { mean: round3(mean), sd: round3(sd), folds: perFold.map((p) => round3(p[k])) };
  };
  return exportModel(final, parts, { ...platt, baseLogit }, {
    ...meta,
    training: {
      rows: Object.fromEntries(PROFILE_SOURCES[o.profile].map((s) => [s, rows.filter((r) => r.source === s).length])),
      words: vocabulary.words.length,
      learner: {
        ...options, stages: 2, targets: "graded scores (soft labels; square root for UCC)", classBalance: "per source, capped at 20×",
        wordClusters: WORD_CLUSTERS,
        charGrams: { n: "3-5", buckets: CHAR_GRAM_BUCKETS, value: charGrams.value },
        newsWords: newsWords ? { sources: MEMBER_SOURCES[o.profile], value: NEWS_WORD_VALUE, stage: 2 } : null,
        newsMember: MEMBER_SOURCES[o.profile].length ? { sources: MEMBER_SOURCES[o.profile], weight: NEWS_MEMBER_WEIGHT, ...MEMBER_LOGISTIC } : null,
        identityWords: "no weight, vector or strength; read only next to negative words",
      },
      sourceWeights: Object.fromEntries(PROFILE_SOURCES[o.profile].map((s) => [s, PROFILE_SOURCE_WEIGHTS[o.profile][s] ?? SOURCE_INFO[s].weight])),
      crossValidation: {
        on: `${VALIDATION_SOURCE[o.profile]} rows (${validation.length}); other sources always train`,
        folds: o.folds,
        seed: o.seed,
        rocAuc: summary("auc"),
        averagePrecision: summary("averagePrecision"),
        bestF1: { f1: round3(best.f1), threshold: round3(best.threshold) },
        atThreshold05: { precision: round3(atHalf.precision), recall: round3(atHalf.recall), f1: round3(atHalf.f1) },
      },
      calibration: { slope: round3(platt.slope), intercept: round3(platt.intercept), baseLogit: round3(baseLogit) },
    },
  });
}

export type { CorpusRow };
