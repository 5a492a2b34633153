import type { PoolClient } from "pg";
import { pool } from "@/lib/db";
import type { Scorer } from "./types";
import { ACTIVE_SCORER, loadActiveScorer } from "./registry";

const BATCH = 2000;

/**
 * Scores the given comments with the active (or given) scorer and stores one
 * score row per comment for that model version, replacing an older row of the
 * same version. Set-based: one SELECT and one INSERT … ON CONFLICT per batch.
 * The active scorer's settings are re-read first, so a calibration activated by
 * another process is used (and `activeScorer().model` names it) from here on.
 */
export async function scoreComments(
  commentIds: readonly number[],
  options: { scorer?: Scorer; client?: PoolClient } = {},
): Promise<number> {
  const client = options.client ?? pool;
  const scorer = !options.scorer || options.scorer === ACTIVE_SCORER ? await loadActiveScorer(client) : options.scorer;
  let scored = 0;
  for (let i = 0; i < commentIds.length; i += BATCH) {
    const ids = commentIds.slice(i, i + BATCH);
    const { rows } = await client.query<{ id: number; body: string }>(
      "SELECT id, body FROM comment WHERE id = ANY($1::int[])",
      [ids],
    );
    const scores = await scorer.scoreTexts(rows.map((r) => r.body));
    await client.query(
      `INSERT INTO score (comment_id, model, model_version, sentiment, sentiment_label, incivility, attributes, spans)
       SELECT u.comment_id, $1, $2, u.sentiment, u.label::"SentimentLabel", u.incivility, u.attributes, u.spans
       FROM unnest($3::int[], $4::float8[], $5::text[], $6::float8[], $7::jsonb[], $8::jsonb[])
         AS u(comment_id, sentiment, label, incivility, attributes, spans)
       ON CONFLICT (comment_id, model, model_version) DO UPDATE SET
         sentiment = EXCLUDED.sentiment, sentiment_label = EXCLUDED.sentiment_label,
         incivility = EXCLUDED.incivility, attributes = EXCLUDED.attributes,
         spans = EXCLUDED.spans, scored_at = now()`,
      [
        scorer.model.name,
        scorer.model.version,
        rows.map((r) => r.id),
        scores.map((s) => s.sentiment),
        scores.map((s) => s.sentimentLabel),
        scores.map((s) => s.incivility),
        scores.map((s) => JSON.stringify(s.attributes)),
        scores.map((s) => JSON.stringify(s.spans)),
      ],
    );
    scored += rows.length;
  }
  return scored;
}
