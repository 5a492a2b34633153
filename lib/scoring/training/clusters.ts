import { lookupWord } from "../text/lookup";
import { vectorOf, type WordVectors } from "./embeddings";
import type { RowFeatures, Vocabulary } from "./incivility-features";
import type { Example } from "./logistic";
import { seededRandom } from "./random";

/** Clusters of word vectors: 500 measured best (200 and 1,500: −0.0004; 100 and 1,000 together: −0.002). */
export const WORD_CLUSTERS = 500;
/** Cluster columns enter the learner ×2, a lighter penalty than ×1 (+0.0006 in cross-validation, within noise). */
export const CLUSTER_VALUE = 2;
const ITERATIONS = 8;
/** Centroids are fitted on the most frequent words, then every word is assigned. */
const FITTING_WORDS = 20_000;

/**
 * Groups the vocabulary's words by their vectors (spherical k-means, seeded): each
 * word with a vector gets a cluster, -1 otherwise. A cluster's weight is shared by
 * similar words, so a word seen a few times in training borrows from its neighbours.
 */
export function clusterWords(vocabulary: Vocabulary, vectors: WordVectors, k: number, seed: number): Int32Array {
  const dims = vectors.dims;
  const unit = (row: number) => {
    const v = vectorOf(vectors, row);
    let norm = 0;
    for (let d = 0; d < dims; d++) norm += v[d]! * v[d]!;
    norm = Math.sqrt(norm) || 1;
    return Float32Array.from(v, (x) => x / norm);
  };
  const withVector = vocabulary.words.flatMap((_, i) => (vocabulary.vectorRow[i]! >= 0 ? [i] : []));
  const units = new Map(withVector.map((i) => [i, unit(vocabulary.vectorRow[i]!)]));
  // Vector rows are in the package's frequency order.
  const fitting = [...withVector].sort((a, b) => vocabulary.vectorRow[a]! - vocabulary.vectorRow[b]!).slice(0, FITTING_WORDS);
  const random = seededRandom(seed);
  let centroids = Array.from({ length: k }, () => Float32Array.from(units.get(fitting[Math.floor(random() * fitting.length)]!)!));
  const nearest = (v: Float32Array) => {
    let best = 0;
    let bestSimilarity = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < k; c++) {
      const m = centroids[c]!;
      let similarity = 0;
      for (let d = 0; d < dims; d++) similarity += m[d]! * v[d]!;
      if (similarity > bestSimilarity) {
        bestSimilarity = similarity;
        best = c;
      }
    }
    return best;
  };
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    const sums = Array.from({ length: k }, () => new Float64Array(dims));
    for (const i of fitting) {
      const v = units.get(i)!;
      const s = sums[nearest(v)]!;
      for (let d = 0; d < dims; d++) s[d] = s[d]! + v[d]!;
    }
    centroids = centroids.map((old, c) => {
      const s = sums[c]!;
      const norm = Math.sqrt(s.reduce((a, x) => a + x * x, 0));
      return norm ? Float32Array.from(s, (x) => x / norm) : old;
    });
  }
  const cluster = new Int32Array(vocabulary.words.length).fill(-1);
  for (const i of withVector) cluster[i] = nearest(units.get(i)!);
  return cluster;
}

/**
 * Each row's cluster counts × CLUSTER_VALUE / √n (n = words with a vector), pooled
 * like the vectors, so a cluster's weight folds into each word's vector term.
 */
export function clusterColumns(features: readonly RowFeatures[], vocabulary: Vocabulary, cluster: Int32Array): Pick<Example, "index" | "value">[] {
  return features.map((f) => {
    const counts = new Map<number, number>();
    let n = 0;
    for (const norm of f.norms) {
      const row = lookupWord(vocabulary.index, norm);
      if (row < 0 || cluster[row]! < 0) continue;
      n++;
      counts.set(cluster[row]!, (counts.get(cluster[row]!) ?? 0) + 1);
    }
    const keys = [...counts.keys()].sort((a, b) => a - b);
    return { index: Int32Array.from(keys), value: Float32Array.from(keys, (c) => (CLUSTER_VALUE * counts.get(c)!) / Math.sqrt(n)) };
  });
}

/** What a word's cluster adds per occurrence (before the 1/√n), from weights whose cluster columns start at `start`. */
export function clusterWeight(weights: Float64Array, start: number, cluster: Int32Array, word: number): number {
  const c = cluster[word]!;
  return c < 0 ? 0 : CLUSTER_VALUE * weights[start + c]!;
}

/** The examples with sparse extra columns appended at `start`. */
export function appendSparse(examples: readonly Example[], extra: readonly Pick<Example, "index" | "value">[], start: number): Example[] {
  return examples.map((ex, i) => {
    const c = extra[i]!;
    const index = new Int32Array(ex.index.length + c.index.length);
    const value = new Float32Array(ex.value.length + c.value.length);
    index.set(ex.index);
    value.set(ex.value);
    for (let k = 0; k < c.index.length; k++) {
      index[ex.index.length + k] = start + c.index[k]!;
      value[ex.value.length + k] = c.value[k]!;
    }
    return { ...ex, index, value };
  });
}
