import { z } from "zod";
import { dbText } from "@/lib/zod-fields";
import { pool } from "@/lib/db";
import { containsPattern } from "../like";

export const THREAD_STATES = ["all", "open", "flagged", "premoderated", "closed"] as const;
export const THREAD_PAGE_SIZE = 25;

export const threadListQuerySchema = z.object({
  /** Words of the title or address, or a thread id. */
  q: dbText.trim().max(200).optional(),
  source: dbText.trim().min(1).max(100).optional(),
  state: z.enum(THREAD_STATES).default("all"),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export type ThreadListQuery = z.infer<typeof threadListQuerySchema>;

export type ThreadListItem = {
  id: number;
  title: string;
  url: string | null;
  source: { key: string; name: string };
  comments: number;
  flagged: number;
  lastCommentAt: string | null;
  closed: boolean;
  premoderated: boolean;
};

export type ThreadList = { threads: ThreadListItem[]; total: number; page: number; pageSize: number };

const STATE_WHERE: Record<(typeof THREAD_STATES)[number], string> = {
  all: "true",
  open: "NOT t.closed",
  // Served by the moderation-status index: the flagged comments are few next to all comments.
  flagged: "t.id IN (SELECT c.thread_id FROM comment c WHERE c.mod_status = 'flagged')",
  premoderated: "t.premoderated",
  closed: "t.closed",
};

/**
 * Every thread, most recently commented first (the stored time of its newest comment, kept by triggers),
 * narrowed by title or address words, source and state, 25 to a page with the total.
 */
export async function listThreads(query: ThreadListQuery): Promise<ThreadList> {
  // "#15" is how people write a thread number: that thread only. Plain "15" also finds titles and addresses with 15.
  const byId = query.q && /^#\d{1,9}$/.test(query.q) ? Number(query.q.slice(1)) : null;
  const q = query.q && byId === null ? query.q : null;
  const words = q ? q.split(/\s+/).filter(Boolean).slice(0, 8) : [];
  const params: unknown[] = [];
  const add = (value: unknown) => `$${params.push(value)}`;
  const where = [STATE_WHERE[query.state]];
  if (query.source) where.push(`src.key = ${add(query.source)}`);
  if (byId !== null) where.push(`t.id = ${add(byId)}`);
  if (words.length) {
    // Every word in the title or the address; or the whole text as a thread id.
    const all = words.map((w) => {
      const p = add(containsPattern(w));
      return `(t.title ILIKE ${p} OR coalesce(t.url, '') ILIKE ${p})`;
    });
    const id = /^\d{1,9}$/.test(q!) ? ` OR t.id = ${add(Number(q))}` : "";
    where.push(`((${all.join(" AND ")})${id})`);
  }
  const offset = (query.page - 1) * THREAD_PAGE_SIZE;
  const from = `FROM thread t JOIN source src ON src.id = t.source_id WHERE ${where.join(" AND ")}`;
  const filterParams = params.slice();
  const [{ rows }, total] = await Promise.all([
    pool.query(
      // The page is read in the order of the (last_comment_at, id) index; counts only for its 25 threads.
      `WITH page AS (
         SELECT t.id, t.title, t.url, t.closed, t.premoderated, t.last_comment_at AS last_at,
                src.key AS source_key, src.name AS source_name
         ${from}
         ORDER BY t.last_comment_at DESC NULLS LAST, t.id DESC LIMIT ${THREAD_PAGE_SIZE} OFFSET ${add(offset)}
       )
       SELECT p.*, n.comments, n.flagged FROM page p
       CROSS JOIN LATERAL (
         -- Comments only, as the attention list and Insights count them; pingbacks are never flagged.
         SELECT count(*) FILTER (WHERE c.kind = 'comment')::int AS comments,
                count(*) FILTER (WHERE c.mod_status = 'flagged')::int AS flagged
         FROM comment c WHERE c.thread_id = p.id
       ) n
       ORDER BY p.last_at DESC NULLS LAST, p.id DESC`,
      params,
    ),
    pool.query<{ n: number }>(`SELECT count(*)::int AS n ${from}`, filterParams).then((r) => r.rows[0]!.n),
  ]);
  return {
    threads: rows.map((r) => ({
      id: r.id,
      title: r.title,
      url: r.url,
      source: { key: r.source_key, name: r.source_name },
      comments: r.comments,
      flagged: r.flagged,
      lastCommentAt: r.last_at ? new Date(r.last_at).toISOString() : null,
      closed: r.closed,
      premoderated: r.premoderated,
    })),
    total,
    page: query.page,
    pageSize: THREAD_PAGE_SIZE,
  };
}
