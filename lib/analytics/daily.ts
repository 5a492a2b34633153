import { pool } from "@/lib/db";
import { activeScorer } from "@/lib/scoring";

export type DayPoint = { day: string; comments: number; avgSentiment: number; uncivilShare: number };
export type ArticlePoint = { threadId: number; title: string; comments: number; avgSentiment: number; uncivilShare: number };

/** Comments count as uncivil at or above this probability in charts. */
export const UNCIVIL_AT = 0.5;

/** Average sentiment and share of uncivil comments per UTC day (pingbacks/trackbacks excluded). */
export async function sentimentByDay(options: { days?: number } = {}): Promise<DayPoint[]> {
  const model = activeScorer().model;
  const { rows } = await pool.query(
    `SELECT to_char(date_trunc('day', c.posted_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day,
            count(*)::int AS comments,
            avg(s.sentiment)::float8 AS avg_sentiment,
            avg((s.incivility >= $3)::int)::float8 AS uncivil_share
     FROM comment c JOIN score s ON s.comment_id = c.id AND s.model = $1 AND s.model_version = $2
     WHERE c.kind = 'comment' AND c.posted_at >= now() - make_interval(days => $4)
     GROUP BY 1 ORDER BY 1`,
    [model.name, model.version, UNCIVIL_AT, options.days ?? 90],
  );
  return rows.map((r) => ({ day: r.day, comments: r.comments, avgSentiment: r.avg_sentiment, uncivilShare: r.uncivil_share }));
}

/** The most-commented articles with their average sentiment and uncivil share. */
export async function sentimentByArticle(options: { limit?: number } = {}): Promise<ArticlePoint[]> {
  const model = activeScorer().model;
  const { rows } = await pool.query(
    `SELECT t.id AS thread_id, t.title, count(*)::int AS comments,
            avg(s.sentiment)::float8 AS avg_sentiment,
            avg((s.incivility >= $3)::int)::float8 AS uncivil_share
     FROM comment c
     JOIN thread t ON t.id = c.thread_id
     JOIN score s ON s.comment_id = c.id AND s.model = $1 AND s.model_version = $2
     WHERE c.kind = 'comment'
     GROUP BY t.id, t.title ORDER BY comments DESC, t.id LIMIT $4`,
    [model.name, model.version, UNCIVIL_AT, options.limit ?? 12],
  );
  return rows.map((r) => ({
    threadId: r.thread_id,
    title: r.title,
    comments: r.comments,
    avgSentiment: r.avg_sentiment,
    uncivilShare: r.uncivil_share,
  }));
}
