import { pool } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { settledActiveScorer } from "@/lib/scoring";

/** One comment with its thread, parent, current score and full decision history. */
export async function getComment(commentId: number) {
  const model = (await settledActiveScorer()).model;
  const { rows } = await pool.query(
    `SELECT c.id, c.source_comment_id, c.parent_id, c.parent_inferred, c.author_name, c.commenter_id, c.body,
            c.posted_at, c.posted_at_estimated, c.source_status, c.kind, c.mod_status, c.mod_version, c.flag_reasons,
            t.id AS thread_id, t.title, src.key AS source_key,
            s.model, s.model_version, s.sentiment, s.sentiment_label, s.incivility, s.attributes, s.spans
     FROM comment c JOIN thread t ON t.id = c.thread_id JOIN source src ON src.id = c.source_id
     LEFT JOIN LATERAL (SELECT * FROM score sx WHERE sx.comment_id = c.id AND sx.model = $2 AND sx.model_version = $3 LIMIT 1) s ON true
     WHERE c.id = $1`,
    [commentId, model.name, model.version],
  );
  const r = rows[0];
  if (!r) throw new NotFoundError(`comment ${commentId} not found`);
  const { rows: decisions } = await pool.query(
    `SELECT d.id, d.action, d.reason, d.note, d.previous_status, d.new_status, d.previous_version, d.applied, d.via,
            d.created_at, u.email
     FROM decision d LEFT JOIN app_user u ON u.id = d.user_id WHERE d.comment_id = $1 ORDER BY d.id`,
    [commentId],
  );
  return {
    id: r.id,
    sourceId: r.source_comment_id,
    source: r.source_key,
    thread: { id: r.thread_id, title: r.title },
    parentId: r.parent_id,
    parentInferred: r.parent_inferred,
    authorName: r.author_name,
    commenterId: r.commenter_id,
    body: r.body,
    postedAt: r.posted_at.toISOString(),
    postedAtEstimated: r.posted_at_estimated,
    sourceStatus: r.source_status,
    kind: r.kind,
    modStatus: r.mod_status,
    modVersion: r.mod_version,
    flagReasons: r.flag_reasons,
    score: r.model
      ? {
          model: r.model,
          version: r.model_version,
          sentiment: r.sentiment,
          sentimentLabel: r.sentiment_label,
          incivility: r.incivility,
          attributes: r.attributes,
          spans: r.spans,
        }
      : null,
    decisions: decisions.map((d) => ({
      id: d.id,
      action: d.action,
      reason: d.reason,
      note: d.note,
      before: d.previous_status,
      after: d.new_status,
      previousVersion: d.previous_version,
      applied: d.applied,
      via: d.via,
      at: d.created_at.toISOString(),
      by: d.email,
    })),
  };
}
