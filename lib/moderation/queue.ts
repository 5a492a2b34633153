import { z } from "zod";
import { pool } from "@/lib/db";
import { activeScorer, type EvidenceSpan } from "@/lib/scoring";

export const QUEUE_STATUSES = ["flagged", "escalated", "approved", "rejected", "all"] as const;

export const queueQuerySchema = z.object({
  status: z.enum(QUEUE_STATUSES).default("flagged"),
  /** Keyset cursor: "priority:id" of the last item seen. */
  after: z
    .string()
    .regex(/^-?\d+(\.\d+)?(e-?\d+)?:\d+$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  thread: z.coerce.number().int().positive().optional(),
});
export type QueueQuery = z.input<typeof queueQuerySchema>;

export type QueueItem = {
  id: number;
  modStatus: string;
  modVersion: number;
  priority: number;
  flagReasons: string[];
  authorName: string;
  body: string;
  postedAt: string;
  sourceStatus: string;
  thread: { id: number; title: string };
  score: { incivility: number; sentiment: number; sentimentLabel: string; spans: EvidenceSpan[] } | null;
};

/**
 * One page of the review queue, highest priority first, with keyset pagination on
 * (priority, id) so deep pages cost the same as the first.
 */
export async function listQueue(query: QueueQuery): Promise<{ items: QueueItem[]; next: string | null }> {
  const q = queueQuerySchema.parse(query);
  const model = activeScorer().model;
  const [afterPriority, afterId] = q.after ? q.after.split(":").map(Number) : [null, null];
  const { rows } = await pool.query(
    `SELECT c.id, c.mod_status, c.mod_version, c.priority, c.flag_reasons, c.author_name, c.body,
            c.posted_at, c.source_status, t.id AS thread_id, t.title AS thread_title,
            s.incivility, s.sentiment, s.sentiment_label, s.spans
     FROM comment c
     JOIN thread t ON t.id = c.thread_id
     LEFT JOIN score s ON s.comment_id = c.id AND s.model = $1 AND s.model_version = $2
     WHERE ($3 = 'all' OR c.mod_status = $3::"ModStatus")
       AND ($4::float8 IS NULL OR (c.priority, c.id) < ($4::float8, $5::int))
       AND ($7::int IS NULL OR c.thread_id = $7)
     ORDER BY c.priority DESC, c.id DESC
     LIMIT $6`,
    [model.name, model.version, q.status, afterPriority, afterId, q.limit + 1, q.thread ?? null],
  );
  const items: QueueItem[] = rows.slice(0, q.limit).map((r) => ({
    id: r.id,
    modStatus: r.mod_status,
    modVersion: r.mod_version,
    priority: r.priority,
    flagReasons: r.flag_reasons,
    authorName: r.author_name,
    body: r.body,
    postedAt: r.posted_at.toISOString(),
    sourceStatus: r.source_status,
    thread: { id: r.thread_id, title: r.thread_title },
    score:
      r.incivility === null
        ? null
        : { incivility: r.incivility, sentiment: r.sentiment, sentimentLabel: r.sentiment_label, spans: r.spans },
  }));
  const last = items[items.length - 1];
  return { items, next: rows.length > q.limit && last ? `${last.priority}:${last.id}` : null };
}
