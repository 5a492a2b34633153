import { z } from "zod";
import { pool } from "@/lib/db";

export const THREAD_STATES = ["all", "open", "flagged", "premoderated", "closed"] as const;
export const THREAD_PAGE_SIZE = 25;

export const threadListQuerySchema = z.object({
  /** Words of the title or address, or a thread id. */
  q: z.string().trim().max(200).optional(),
  source: z.string().trim().min(1).max(100).optional(),
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

const likePattern = (text: string) => `%${text.replace(/[%_\\]/g, "\\$&")}%`;

/**
 * Every thread, most recently commented first, narrowed by title or address words, source and state.
 * Threads number in the thousands where comments number in the millions, so the newest comment of each
 * matching thread is one index probe, and counts are taken only for the page shown.
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
      const p = add(likePattern(w));
      return `(t.title ILIKE ${p} OR coalesce(t.url, '') ILIKE ${p})`;
    });
    const id = /^\d{1,9}$/.test(q!) ? ` OR t.id = ${add(Number(q))}` : "";
    where.push(`((${all.join(" AND ")})${id})`);
  }
  const offset = (query.page - 1) * THREAD_PAGE_SIZE;
  const { rows } = await pool.query(
    `WITH matched AS (
       SELECT t.id, t.title, t.url, t.closed, t.premoderated, src.key AS source_key, src.name AS source_name,
              (SELECT c.posted_at FROM comment c WHERE c.thread_id = t.id ORDER BY c.posted_at DESC LIMIT 1) AS last_at
       FROM thread t JOIN source src ON src.id = t.source_id
       WHERE ${where.join(" AND ")}
     ), page AS (
       SELECT m.*, count(*) OVER () AS total FROM matched m
       ORDER BY m.last_at DESC NULLS LAST, m.id DESC LIMIT ${THREAD_PAGE_SIZE} OFFSET ${add(offset)}
     )
     SELECT p.*, n.comments, n.flagged FROM page p
     CROSS JOIN LATERAL (
       SELECT count(*)::int AS comments, count(*) FILTER (WHERE c.mod_status = 'flagged')::int AS flagged
       FROM comment c WHERE c.thread_id = p.id
     ) n
     ORDER BY p.last_at DESC NULLS LAST, p.id DESC`,
    params,
  );
  // Past the last page the window has no rows to count: ask for the total alone.
  const total = rows.length ? Number(rows[0].total) : offset === 0 ? 0 : await countThreads(where, params.slice(0, -1));
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

async function countThreads(where: string[], params: unknown[]): Promise<number> {
  const { rows } = await pool.query(
    `SELECT count(*)::int AS n FROM thread t JOIN source src ON src.id = t.source_id WHERE ${where.join(" AND ")}`,
    params,
  );
  return rows[0].n;
}
