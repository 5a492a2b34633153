import { pool } from "@/lib/db";
import { activeScorer } from "@/lib/scoring";

/** One exported comment. CSV flattens the nesting into dotted column names. */
export type ExportRecord = {
  thread: { key: string; title: string; url: string | null; source: string };
  sourceId: string;
  parentSourceId: string | null;
  parentInferred: boolean;
  author: string;
  postedAt: string;
  body: string;
  sourceStatus: string;
  kind: string;
  sentiment: { score: number | null; label: string | null };
  incivility: { score: number | null };
  moderation: { status: string };
};

export const CSV_COLUMNS = [
  "thread.key", "thread.title", "thread.url", "thread.source", "sourceId", "parentSourceId", "parentInferred",
  "author", "postedAt", "body", "sourceStatus", "kind", "sentiment.score", "sentiment.label", "incivility.score",
  "moderation.status",
] as const;

const PAGE = 2000;

/**
 * Every comment, oldest id first, fetched in keyset pages so memory stays flat
 * whatever the number of rows.
 */
export async function* exportRecords(): AsyncGenerator<ExportRecord> {
  const model = activeScorer().model;
  let afterId = 0;
  for (;;) {
    const { rows } = await pool.query(
      `SELECT c.id, t.key AS thread_key, t.title, t.url, src.key AS source_key, c.source_comment_id,
              c.parent_source_id, c.parent_inferred, c.author_name, c.posted_at, c.body, c.source_status, c.kind,
              s.sentiment, s.sentiment_label, s.incivility, c.mod_status
       FROM comment c
       JOIN thread t ON t.id = c.thread_id
       JOIN source src ON src.id = c.source_id
       LEFT JOIN score s ON s.comment_id = c.id AND s.model = $1 AND s.model_version = $2
       WHERE c.id > $3 ORDER BY c.id LIMIT $4`,
      [model.name, model.version, afterId, PAGE],
    );
    for (const r of rows) {
      yield {
        thread: { key: r.thread_key, title: r.title, url: r.url, source: r.source_key },
        sourceId: r.source_comment_id,
        parentSourceId: r.parent_source_id,
        parentInferred: r.parent_inferred,
        author: r.author_name,
        postedAt: r.posted_at.toISOString(),
        body: r.body,
        sourceStatus: r.source_status,
        kind: r.kind,
        sentiment: { score: r.sentiment, label: r.sentiment_label },
        incivility: { score: r.incivility },
        moderation: { status: r.mod_status },
      };
    }
    if (rows.length < PAGE) return;
    afterId = rows[rows.length - 1].id;
  }
}
