import path from "node:path";
import type { Profile } from "../types";
import { readIncivilityCsv, type IncivilityRow } from "../eval/dataset";

export const SOURCES = ["ucc", "socc", "cat", "davidson"] as const;
export type Source = (typeof SOURCES)[number];

/** Where each labelled set comes from and what its license allows (see the model card). */
export const SOURCE_INFO: Record<Source, { file: string; license: string; commercial: boolean; weight: number }> = {
  ucc: { file: "ucc_hostile_antagonize.csv", license: "CC BY-NC-SA 4.0", commercial: false, weight: 1 },
  socc: { file: "socc_ctc_toxicity.csv", license: "CC BY-NC-SA 4.0", commercial: false, weight: 1 },
  cat: { file: "cat_large_wikipedia.csv", license: "Apache-2.0 (text CC BY-SA)", commercial: true, weight: 1 },
  // Tweets found by searching for slurs: out of domain and 83% positive, so they count little.
  davidson: { file: "davidson_offensive.csv", license: "MIT", commercial: true, weight: 0.1 },
};

// The news profile leaves the tweets out: with news comments to learn from, they
// lowered its cross-validated ROC-AUC (0.792 → 0.796 without them).
export const PROFILE_SOURCES: Record<Profile, readonly Source[]> = {
  default: ["cat", "davidson"],
  news: ["ucc", "socc", "cat"],
};

/**
 * Sources of the profile's second model, trained on news comments alone over the
 * pooled vectors and comment features; its logit is added to the main model's.
 * The default profile may use no news comments.
 */
export const MEMBER_SOURCES: Record<Profile, readonly Source[]> = {
  default: [],
  news: ["ucc", "socc"],
};

/**
 * A profile's own weight for a source, where it differs from SOURCE_INFO. The news
 * profile counts the Wikipedia rows twice: with the news comments' own word weights
 * (see NEWS_WORD_VALUE) beside the shared ones, the shared weights gain from more of them.
 */
export const PROFILE_SOURCE_WEIGHTS: Record<Profile, Partial<Record<Source, number>>> = { default: {}, news: { cat: 2 } };

/** The rows each profile's figures are cross-validated on: the closest to newsroom comments it may use. */
export const VALIDATION_SOURCE: Record<Profile, Source> = { default: "cat", news: "ucc" };

export type CorpusRow = IncivilityRow & { source: Source };

/** Reads the labelled sets a profile may train on from `dir`. */
export function readCorpus(dir: string, profile: Profile): CorpusRow[] {
  return PROFILE_SOURCES[profile].flatMap((source) =>
    readIncivilityCsv(path.join(dir, SOURCE_INFO[source].file)).map((row) => ({ ...row, source })),
  );
}

/**
 * Training weight of each row: the source's weight times a class-balancing factor
 * within the source (capped), so rare positives are not drowned out.
 */
export function rowWeights(rows: readonly CorpusRow[], profile: Profile, maxBalance = 20): number[] {
  const counts = new Map<Source, { positive: number; negative: number }>();
  for (const r of rows) {
    const c = counts.get(r.source) ?? { positive: 0, negative: 0 };
    if (r.label) c.positive++;
    else c.negative++;
    counts.set(r.source, c);
  }
  return rows.map((r) => {
    const c = counts.get(r.source)!;
    const total = c.positive + c.negative;
    const balance = r.label ? total / (2 * c.positive) : total / (2 * c.negative);
    return (PROFILE_SOURCE_WEIGHTS[profile][r.source] ?? SOURCE_INFO[r.source].weight) * Math.min(balance, maxBalance);
  });
}
