import { pool } from "@/lib/db";

/**
 * Comments with no score from a model, counted from the rollups as Insights counts them
 * (comments, pingbacks left out, less those the model scored): what a rescore would add.
 * Cheap at any size: the rollups hold a row per day, source and section.
 */
export async function unscoredComments(model: { name: string; version: string }): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT greatest(0, (SELECT coalesce(sum(comments), 0) FROM rollup_day)
                      - (SELECT coalesce(sum(scored), 0) FROM rollup_day_score WHERE model = $1 AND model_version = $2))::int AS n`,
    [model.name, model.version],
  );
  return rows[0]!.n;
}
