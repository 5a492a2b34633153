import { pool } from "@/lib/db";
import { settledActiveScorer } from "@/lib/scoring";
import { LATEST_JUDGEMENT_SQL } from "./constants";
import { THRESHOLD_KEYS, type ThresholdKey } from "./thresholds";

export type QualityPoint = { threshold: number; precision: number | null; recall: number | null };
export type ThresholdQuality = { labelled: number; rejected: number; curves: Record<ThresholdKey, QualityPoint[]> };

/**
 * Precision and recall of each threshold against what moderators actually decided:
 * a comment whose latest human decision is "reject" is a true positive when its
 * score reaches the threshold. One set-based query over a grid of thresholds
 * (0, 0.05, … 1) for every score and attribute, so the settings page can show the
 * figures next to each slider as it moves.
 */
export async function thresholdQuality(): Promise<ThresholdQuality> {
  const model = (await settledActiveScorer()).model;
  const { rows } = await pool.query<{ key: ThresholdKey; t: number; tp: number; fp: number; fn: number; n: number; pos: number }>(
    `WITH latest AS (${LATEST_JUDGEMENT_SQL}), labelled AS (
       -- A later restore (or a changed text) takes a decision back: that comment is no label until decided again.
       SELECT comment_id, action = 'reject' AS positive FROM latest WHERE action <> 'restore'
     ), scored AS (
       SELECT l.positive, k.key,
              CASE WHEN k.key = 'incivility' THEN s.incivility ELSE COALESCE((s.attributes->>k.key)::float8, 0) END AS value
       FROM labelled l JOIN score s ON s.comment_id = l.comment_id AND s.model = $1 AND s.model_version = $2
       CROSS JOIN unnest($3::text[]) AS k(key)
     )
     SELECT key, round(g.t::numeric, 2)::float8 AS t,
            count(*) FILTER (WHERE value >= g.t AND positive)::int AS tp,
            count(*) FILTER (WHERE value >= g.t AND NOT positive)::int AS fp,
            count(*) FILTER (WHERE value < g.t AND positive)::int AS fn,
            count(*)::int AS n, count(*) FILTER (WHERE positive)::int AS pos
     FROM scored CROSS JOIN generate_series(0, 100, 5) AS gs(p) CROSS JOIN LATERAL (SELECT gs.p / 100.0 AS t) g
     GROUP BY key, g.t ORDER BY key, g.t`,
    [model.name, model.version, THRESHOLD_KEYS],
  );
  const curves = Object.fromEntries(THRESHOLD_KEYS.map((k) => [k, [] as QualityPoint[]])) as Record<ThresholdKey, QualityPoint[]>;
  let labelled = 0;
  let rejected = 0;
  for (const r of rows) {
    labelled = r.n;
    rejected = r.pos;
    curves[r.key].push({
      threshold: r.t,
      precision: r.tp + r.fp ? r.tp / (r.tp + r.fp) : null,
      recall: r.tp + r.fn ? r.tp / (r.tp + r.fn) : null,
    });
  }
  return { labelled, rejected, curves };
}
