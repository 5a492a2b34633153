import { pool } from "@/lib/db";

/** Inserts rows straight into the tables (the triggers still run), with exact times and scores. */
export async function insertSource(key: string): Promise<number> {
  const { rows } = await pool.query("INSERT INTO source (key, name, platform) VALUES ($1, $2, 'test') RETURNING id", [key, `Source ${key}`]);
  return rows[0].id;
}

export async function insertThread(sourceId: number, key: string, section: string | null): Promise<number> {
  const { rows } = await pool.query(
    "INSERT INTO thread (source_id, key, title, section, url) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    [sourceId, key, `Thread ${key}`, section, `https://news.example/${key}`],
  );
  return rows[0].id;
}

export async function insertCommenter(sourceId: number, name: string): Promise<number> {
  const { rows } = await pool.query(
    "INSERT INTO commenter (source_id, key, display_name) VALUES ($1, $2, $2) RETURNING id",
    [sourceId, name],
  );
  return rows[0].id;
}

export type CommentRow = {
  sourceId: number;
  threadId: number;
  sid: string;
  postedAt: string;
  body?: string;
  commenterId?: number | null;
  kind?: "comment" | "pingback";
  sourceStatus?: "visible" | "deleted" | "spam" | "pending";
  modStatus?: "none" | "flagged" | "escalated" | "approved" | "rejected";
  flagged?: boolean;
};

export async function insertComment(c: CommentRow): Promise<number> {
  const { rows } = await pool.query(
    `INSERT INTO comment (source_id, thread_id, source_comment_id, commenter_id, author_name, body, posted_at, kind,
       source_status, mod_status, flagged_at, content_hash)
     VALUES ($1, $2, $3, $4, 'someone', $5, $6, $7::"CommentKind", $8::"SourceStatus", $9::"ModStatus",
       CASE WHEN $10 THEN now() END, $3) RETURNING id`,
    [c.sourceId, c.threadId, c.sid, c.commenterId ?? null, c.body ?? `comment ${c.sid}`, c.postedAt, c.kind ?? "comment",
      c.sourceStatus ?? "visible", c.modStatus ?? "none", c.flagged ?? false],
  );
  return rows[0].id;
}

export async function insertScore(
  commentId: number,
  version: string,
  s: { sentiment: number; label: "negative" | "neutral" | "positive"; incivility: number; attributes?: Record<string, number> },
  model = "test-model",
): Promise<void> {
  await pool.query(
    `INSERT INTO score (comment_id, model, model_version, sentiment, sentiment_label, incivility, attributes)
     VALUES ($1, $2, $3, $4, $5::"SentimentLabel", $6, $7)`,
    [commentId, model, version, s.sentiment, s.label, s.incivility, JSON.stringify(s.attributes ?? {})],
  );
}

export async function insertDecision(
  commentId: number,
  d: { action: string; at: string; previous: string; next: string; via?: string; reason?: string },
): Promise<void> {
  await pool.query(
    `INSERT INTO decision (comment_id, action, previous_status, new_status, previous_version, via, created_at, reason)
     VALUES ($1, $2::"DecisionAction", $3::"ModStatus", $4::"ModStatus", 0, $5, $6, $7)`,
    [commentId, d.action, d.previous, d.next, d.via ?? "ui", d.at, d.reason ?? null],
  );
}
