import { pool } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { settledActiveScorer } from "@/lib/scoring";

/** Decisions listed on a commenter's page, newest first. */
export const DECISIONS_LISTED = 50;

export type CommenterView = {
  id: number;
  displayName: string;
  source: { key: string; name: string };
  stats: {
    comments: number;
    threads: number;
    flagged: number;
    /** Comments flagged at some time (by the rules, the source's pending state or a moderator), whatever was decided since. */
    everFlagged: number;
    approved: number;
    rejected: number;
    removedAtSource: number;
    firstAt: string | null;
    lastAt: string | null;
  };
  trend: { week: string; comments: number; avgSentiment: number | null; avgIncivility: number | null }[];
  repliesTo: { commenterId: number | null; name: string; count: number }[];
  comments: {
    id: number;
    threadId: number;
    threadTitle: string;
    body: string;
    postedAt: string;
    modStatus: string;
    sourceStatus: string;
    incivility: number | null;
  }[];
  decisions: { commentId: number; threadId: number; action: string; reason: string | null; by: string | null; at: string }[];
};

/** Everything a moderator wants to know about one commenter (email and IP are not included). */
export async function getCommenter(commenterId: number, options: { limit?: number; timeZone?: string } = {}): Promise<CommenterView> {
  const model = (await settledActiveScorer()).model;
  const params = [commenterId, model.name, model.version];
  const { rows: people } = await pool.query(
    `SELECT k.id, k.display_name, src.key AS source_key, src.name AS source_name
     FROM commenter k JOIN source src ON src.id = k.source_id WHERE k.id = $1`,
    [commenterId],
  );
  const person = people[0];
  if (!person) throw new NotFoundError(`commenter ${commenterId} not found`);
  const [stats, trend, repliesTo, comments, decisions] = await Promise.all([
    pool.query(
      `SELECT count(*)::int AS comments, count(DISTINCT thread_id)::int AS threads,
              count(*) FILTER (WHERE mod_status = 'flagged')::int AS flagged,
              count(flagged_at)::int AS ever_flagged,
              count(*) FILTER (WHERE mod_status = 'approved')::int AS approved,
              count(*) FILTER (WHERE mod_status = 'rejected')::int AS rejected,
              count(*) FILTER (WHERE source_status IN ('deleted', 'spam'))::int AS removed_at_source,
              min(posted_at) AS first_at, max(posted_at) AS last_at
       FROM comment WHERE commenter_id = $1`,
      [commenterId],
    ),
    pool.query(
      // The week's Monday in the newsroom's zone, as a date.
      `SELECT to_char(date_trunc('week', c.posted_at AT TIME ZONE $4), 'YYYY-MM-DD') AS week, count(*)::int AS comments,
              avg(s.sentiment)::float8 AS avg_sentiment, avg(s.incivility)::float8 AS avg_incivility
       FROM comment c LEFT JOIN LATERAL (SELECT * FROM score sx WHERE sx.comment_id = c.id AND sx.model = $2 AND sx.model_version = $3 LIMIT 1) s ON true
       WHERE c.commenter_id = $1 GROUP BY 1 ORDER BY 1`,
      [...params, options.timeZone ?? "UTC"],
    ),
    pool.query(
      `SELECT p.commenter_id, min(p.author_name) AS name, count(*)::int AS count
       FROM comment c JOIN comment p ON p.id = c.parent_id
       WHERE c.commenter_id = $1 AND p.commenter_id IS DISTINCT FROM $1
       GROUP BY p.commenter_id ORDER BY count DESC, name LIMIT 5`,
      [commenterId],
    ),
    pool.query(
      `SELECT c.id, c.thread_id, t.title, c.body, c.posted_at, c.mod_status, c.source_status, s.incivility
       FROM comment c JOIN thread t ON t.id = c.thread_id
       LEFT JOIN LATERAL (SELECT * FROM score sx WHERE sx.comment_id = c.id AND sx.model = $2 AND sx.model_version = $3 LIMIT 1) s ON true
       WHERE c.commenter_id = $1 ORDER BY c.posted_at DESC, c.id DESC LIMIT $4`,
      [...params, options.limit ?? 100],
    ),
    pool.query(
      `SELECT d.comment_id, c.thread_id, d.action, d.reason, u.email, d.created_at
       FROM decision d JOIN comment c ON c.id = d.comment_id LEFT JOIN app_user u ON u.id = d.user_id
       WHERE c.commenter_id = $1 AND d.applied AND d.user_id IS NOT NULL
       ORDER BY d.id DESC LIMIT ${DECISIONS_LISTED}`,
      [commenterId],
    ),
  ]);
  const s = stats.rows[0];
  return {
    id: person.id,
    displayName: person.display_name,
    source: { key: person.source_key, name: person.source_name },
    stats: {
      comments: s.comments,
      threads: s.threads,
      flagged: s.flagged,
      everFlagged: s.ever_flagged,
      approved: s.approved,
      rejected: s.rejected,
      removedAtSource: s.removed_at_source,
      firstAt: s.first_at?.toISOString() ?? null,
      lastAt: s.last_at?.toISOString() ?? null,
    },
    trend: trend.rows.map((r) => ({
      week: r.week,
      comments: r.comments,
      avgSentiment: r.avg_sentiment,
      avgIncivility: r.avg_incivility,
    })),
    repliesTo: repliesTo.rows.map((r) => ({ commenterId: r.commenter_id, name: r.name, count: r.count })),
    comments: comments.rows.map((r) => ({
      id: r.id,
      threadId: r.thread_id,
      threadTitle: r.title,
      body: r.body,
      postedAt: r.posted_at.toISOString(),
      modStatus: r.mod_status,
      sourceStatus: r.source_status,
      incivility: r.incivility,
    })),
    decisions: decisions.rows.map((r) => ({
      commentId: r.comment_id,
      threadId: r.thread_id,
      action: r.action,
      reason: r.reason,
      by: r.email,
      at: r.created_at.toISOString(),
    })),
  };
}
