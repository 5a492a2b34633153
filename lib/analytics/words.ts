import { readPool as pool } from "@/lib/db";
import { rollupParams, SEGMENT_SQL, type InsightsFilters } from "./filters";
import { distinctiveWords, type DistinctiveWord } from "./log-odds";

export type WordBoard = { negative: DistinctiveWord[]; uncivil: DistinctiveWord[]; negativeComments: number; uncivilComments: number; scored: number };

const MIN_COUNT = 3;

/** The words most associated with negative and with uncivil comments in the range (see distinctiveWords). */
export async function loadWords(f: InsightsFilters): Promise<WordBoard> {
  const params = rollupParams(f);
  const [sizes, words] = await Promise.all([
    pool.query(
      `SELECT coalesce(sum(scored), 0)::int AS scored, coalesce(sum(negative), 0)::int AS negative, coalesce(sum(uncivil), 0)::int AS uncivil
       FROM rollup_day_score r WHERE ${SEGMENT_SQL} AND r.model = $5 AND r.model_version = $6`,
      params,
    ),
    pool.query<{ word: string; comments: number; negative: number; uncivil: number }>(
      `SELECT r.word, sum(r.comments)::int AS comments, sum(r.negative)::int AS negative, sum(r.uncivil)::int AS uncivil
       FROM rollup_word_day r WHERE ${SEGMENT_SQL} AND r.model = $5 AND r.model_version = $6
       GROUP BY r.word HAVING sum(r.negative) >= $7 OR sum(r.uncivil) >= $7`,
      [...params, MIN_COUNT],
    ),
  ]);
  const { scored, negative, uncivil } = sizes.rows[0]!;
  return {
    scored,
    negativeComments: negative,
    uncivilComments: uncivil,
    negative: distinctiveWords(words.rows.map((w) => ({ word: w.word, inClass: w.negative, total: w.comments })), negative, scored, { minCount: MIN_COUNT }),
    uncivil: distinctiveWords(words.rows.map((w) => ({ word: w.word, inClass: w.uncivil, total: w.comments })), uncivil, scored, { minCount: MIN_COUNT }),
  };
}
