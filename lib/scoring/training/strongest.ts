import { STRONGEST_FEATURES, WEIGHT_SCALE } from "../incivility/model-file";
import { lookupWord } from "../text/lookup";
import { clusterWeight } from "./clusters";
import { vectorOf, type WordVectors } from "./embeddings";
import { layout, type RowFeatures, type Standardizer, type Vocabulary } from "./incivility-features";
import type { Example, LogisticModel } from "./logistic";

/**
 * Each word's strength (thousandths): what the word alone adds under a first-stage
 * model, its presence weight plus its vector and cluster terms (not divided by √n) and whatever
 * `extra` adds for the word (its character n-grams). Rounded as
 * shipped, so training sees the numbers run time will compute.
 */
export function wordStrengths(
  model: LogisticModel, vocabulary: Vocabulary, standardizer: Standardizer, vectors: WordVectors, cluster: Int32Array,
  extra?: (word: number) => number,
): Int32Array {
  const dims = vectors.dims;
  const at = layout(vocabulary, dims);
  const perDim = Float64Array.from({ length: dims }, (_, d) => model.weights[at.vector + d]! / standardizer.scale[d]!);
  return Int32Array.from(vocabulary.words, (_, i) => {
    let s = model.weights[i]!;
    const row = vocabulary.vectorRow[i]!;
    if (row >= 0) {
      const v = vectorOf(vectors, row);
      for (let d = 0; d < dims; d++) s += perDim[d]! * v[d]!;
    }
    s += clusterWeight(model.weights, at.total, cluster, i);
    if (extra) s += extra(i);
    return Math.round(s * WEIGHT_SCALE);
  });
}

/**
 * The STRONGEST_FEATURES of every row: the highest word strength and the mean of
 * the two highest (words the model doesn't list count 0), as the runtime model computes them.
 */
export function strongestColumns(features: readonly RowFeatures[], vocabulary: Vocabulary, strength: Int32Array): Float64Array[] {
  return features.map((f) => {
    let first = Number.NEGATIVE_INFINITY;
    let second = Number.NEGATIVE_INFINITY;
    for (const norm of f.norms) {
      const row = lookupWord(vocabulary.index, norm);
      const s = row < 0 ? 0 : strength[row]! / WEIGHT_SCALE;
      if (s > first) {
        second = first;
        first = s;
      } else if (s > second) second = s;
    }
    if (first === Number.NEGATIVE_INFINITY) return new Float64Array(STRONGEST_FEATURES.length);
    return Float64Array.from([first, second === Number.NEGATIVE_INFINITY ? first : (first + second) / 2]);
  });
}

/** The examples with standardised extra columns appended at `start`. */
export function appendColumns(examples: readonly Example[], columns: readonly Float64Array[], start: number, s: Standardizer): Example[] {
  return examples.map((ex, i) => {
    const c = columns[i]!;
    const index = new Int32Array(ex.index.length + c.length);
    const value = new Float32Array(ex.value.length + c.length);
    index.set(ex.index);
    value.set(ex.value);
    for (let k = 0; k < c.length; k++) {
      index[ex.index.length + k] = start + k;
      value[ex.value.length + k] = (c[k]! - s.mean[k]!) / s.scale[k]!;
    }
    return { ...ex, index, value };
  });
}
