/** How often one word appears in the comments of a class (e.g. uncivil) and in all comments. */
export type WordCount = { word: string; inClass: number; total: number };

export type DistinctiveWord = {
  word: string;
  /** Comments of the class containing the word, and the share of the class they are. */
  inClass: number;
  classShare: number;
  /** Comments outside the class containing the word, and the share of the rest they are. */
  inRest: number;
  restShare: number;
  /** Log odds ratio of appearing in the class rather than the rest, and its z-score. */
  logOdds: number;
  z: number;
};

/**
 * Words most associated with a class of comments: the log odds ratio of a comment
 * containing the word inside the class versus outside it (each cell + 0.5, the
 * Haldane–Anscombe correction), ranked by its z-score so that a word seen in many
 * comments outranks one seen by chance in a few. Only words over-represented in the
 * class, seen in at least `minCount` of its comments, are returned.
 */
export function distinctiveWords(
  counts: readonly WordCount[],
  classSize: number,
  totalSize: number,
  options: { minCount?: number; limit?: number } = {},
): DistinctiveWord[] {
  const minCount = options.minCount ?? 3;
  const restSize = totalSize - classSize;
  if (classSize <= 0 || restSize < 0) return [];
  const out: DistinctiveWord[] = [];
  for (const { word, inClass, total } of counts) {
    if (inClass < minCount) continue;
    const inRest = Math.max(0, total - inClass);
    const a = inClass + 0.5;
    const b = classSize - inClass + 0.5;
    const c = inRest + 0.5;
    const d = restSize - inRest + 0.5;
    const logOdds = Math.log(a / b) - Math.log(c / d);
    if (logOdds <= 0) continue;
    const z = logOdds / Math.sqrt(1 / a + 1 / b + 1 / c + 1 / d);
    out.push({ word, inClass, classShare: inClass / classSize, inRest, restShare: restSize ? inRest / restSize : 0, logOdds, z });
  }
  out.sort((x, y) => y.z - x.z || x.word.localeCompare(y.word));
  return out.slice(0, options.limit ?? 12);
}
