import { lookupWord } from "../text/lookup";
import type { RowFeatures, Vocabulary } from "./incivility-features";
import type { Example } from "./logistic";

/**
 * Hashed character n-grams of each vocabulary word ("<word>" padded), as extra
 * sparse columns counted once per distinct word of a comment, like word presence.
 * Their weights fold into each word's presence weight, so run time is unchanged;
 * words spelled alike ("horseshit", "bullshitting") share evidence.
 */
export type CharGrams = { buckets: number; value: number; perWord: Int32Array[] };

/** 2^18 hashed slots. */
export const CHAR_GRAM_BUCKETS = 262_144;
/**
 * Char-gram columns enter the learner ×0.1: with FTRL's per-coordinate rates a small
 * value is a strong penalty, so they only nudge a word's own weight (news CV: ×0.1
 * +0.001, ×0.05 +0.0006, ×0.3 −0.005; default CAT CV +0.003).
 */
export const CHAR_GRAM_VALUE = 0.1;

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

export function wordCharGrams(vocabulary: Vocabulary, buckets = CHAR_GRAM_BUCKETS, value = CHAR_GRAM_VALUE, min = 3, max = 5): CharGrams {
  const perWord = vocabulary.words.map((word) => {
    const padded = `<${word}>`;
    const slots = new Set<number>();
    for (let n = min; n <= max; n++) for (let i = 0; i + n <= padded.length; i++) slots.add(hash(padded.slice(i, i + n)) % buckets);
    return Int32Array.from([...slots].sort((a, b) => a - b));
  });
  return { buckets, value, perWord };
}

/** Each row's char-gram counts over its distinct vocabulary words, × value. */
export function charGramColumns(features: readonly RowFeatures[], vocabulary: Vocabulary, grams: CharGrams): Pick<Example, "index" | "value">[] {
  return features.map((f) => {
    const counts = new Map<number, number>();
    const seen = new Set<number>();
    for (const norm of f.norms) {
      const row = lookupWord(vocabulary.index, norm);
      if (row < 0 || seen.has(row)) continue;
      seen.add(row);
      for (const slot of grams.perWord[row]!) counts.set(slot, (counts.get(slot) ?? 0) + 1);
    }
    const keys = [...counts.keys()].sort((a, b) => a - b);
    return { index: Int32Array.from(keys), value: Float32Array.from(keys, (k) => grams.value * counts.get(k)!) };
  });
}

/** What a word's char-grams add to its presence weight, from weights whose char-gram columns start at `start`. */
export function charGramWeight(weights: ArrayLike<number>, start: number, grams: CharGrams, word: number): number {
  let sum = 0;
  for (const slot of grams.perWord[word]!) sum += weights[start + slot]!;
  return grams.value * sum;
}
