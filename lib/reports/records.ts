import type { Pool, PoolClient } from "pg";
import { pool } from "@/lib/db";
import { ATTRIBUTES } from "@/lib/scoring";
import { reportWhere, type ResolvedReportFilters } from "./filters";

/** One exported comment. CSV flattens the nesting into dotted column names. */
export type ExportRecord = {
  thread: { key: string; title: string; url: string | null; source: string; section: string | null };
  sourceId: string;
  parentSourceId: string | null;
  parentInferred: boolean;
  author: string;
  postedAt: string;
  /** The time is a guess (a saved text page shows none); read back by an import of the file. */
  postedAtEstimated: boolean;
  body: string;
  sourceStatus: string;
  kind: string;
  sentiment: { score: number | null; label: string | null };
  /** Overall probability and one score per attribute, from the chosen model version (null when unscored). */
  incivility: { score: number | null } & Record<(typeof ATTRIBUTES)[number], number | null>;
  moderation: { status: string; reason: string | null; decidedAt: string | null };
  /** "name@version" of the scores, or null when the comment has none from that version. */
  model: string | null;
};

/** The CSV's header. `postedAtLocal` exists only in the CSV (for people); an import of the file ignores it and reads `postedAt`. */
export const CSV_COLUMNS = [
  "thread.key", "thread.title", "thread.url", "thread.source", "sourceId", "parentSourceId", "parentInferred",
  "author", "postedAt", "postedAtLocal", "body", "sourceStatus", "kind", "sentiment.score", "sentiment.label", "incivility.score",
  "moderation.status", "thread.section", ...ATTRIBUTES.map((a) => `incivility.${a}` as const),
  "moderation.reason", "moderation.decidedAt", "model", "postedAtEstimated",
] as const;

const PAGE = 2000;

/** The SELECT behind every export and preview; filters go in `where`, the keyset in `after`, the page size in `limit` (a parameter). */
export function recordsSql(where: string, after: string, limit: string): string {
  return `SELECT c.id, c.posted_at, t.key AS thread_key, t.title, t.url, t.section, src.key AS source_key,
            c.source_comment_id, c.parent_source_id, c.parent_inferred, c.author_name, c.body, c.source_status, c.kind, c.posted_at_estimated,
            s.sentiment, s.sentiment_label, s.incivility, s.attributes, c.mod_status, dec.reason, dec.created_at AS decided_at
     FROM comment c
     JOIN thread t ON t.id = c.thread_id
     JOIN source src ON src.id = c.source_id
     LEFT JOIN LATERAL (SELECT * FROM score sx WHERE sx.comment_id = c.id AND sx.model = $1 AND sx.model_version = $2 LIMIT 1) s ON true
     LEFT JOIN LATERAL (
       SELECT d.reason, d.created_at FROM decision d
       WHERE d.comment_id = c.id AND d.applied AND d.action NOT IN ('flag', 'unflag')
       ORDER BY d.created_at DESC, d.id DESC LIMIT 1
     ) dec ON true
     WHERE ${where} AND ${after}
     ORDER BY c.posted_at, c.id
     LIMIT ${limit}`;
}

// pg returns rows as loosely typed objects; this is the one place that reads them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function toRecord(r: any, model: string): ExportRecord {
  const attributes = (r.attributes ?? null) as Record<string, unknown> | null;
  const attributeScores = Object.fromEntries(
    ATTRIBUTES.map((a) => [a, attributes && typeof attributes[a] === "number" ? (attributes[a] as number) : null]),
  ) as Record<(typeof ATTRIBUTES)[number], number | null>;
  return {
    thread: { key: r.thread_key, title: r.title, url: r.url, source: r.source_key, section: r.section },
    sourceId: r.source_comment_id,
    parentSourceId: r.parent_source_id,
    parentInferred: r.parent_inferred,
    author: r.author_name,
    postedAt: r.posted_at.toISOString(),
    postedAtEstimated: r.posted_at_estimated,
    body: r.body,
    sourceStatus: r.source_status,
    kind: r.kind,
    sentiment: { score: r.sentiment, label: r.sentiment_label },
    incivility: { score: r.incivility, ...attributeScores },
    moderation: { status: r.mod_status, reason: r.reason, decidedAt: r.decided_at ? r.decided_at.toISOString() : null },
    model: r.sentiment === null ? null : model,
  };
}

/**
 * The comments matching the filters, oldest first, fetched in keyset pages of
 * 2,000 on (posted_at, id), so memory stays flat whatever the number of rows.
 * Every page is read in one REPEATABLE READ snapshot on one connection: a comment
 * re-dated by an import between two pages would otherwise be in both, or in neither.
 * The connection is held until the last page is read or the reader stops (return()).
 * On the primary (`pool`), not the read replica: the erasure check of background
 * exports (lib/privacy/erasures) reads the primary, and a lagging replica's rows
 * could predate an erasure it has already counted.
 */
export async function* exportRecords(f: ResolvedReportFilters, options: { limit?: number } = {}): AsyncGenerator<ExportRecord> {
  const model = `${f.model.name}@${f.model.version}`;
  const where = reportWhere(f, 6);
  const sql = recordsSql(where.sql, "(c.posted_at, c.id) > ($3::timestamptz, $4::int)", "$5");
  const params = (after: [Date | string, number], limit: number) => [f.model.name, f.model.version, after[0], after[1], limit, ...where.params];
  const wanted = options.limit ?? Infinity;
  // One statement sees one snapshot by itself: a preview's few rows need no transaction, and only those are fetched.
  if (wanted <= PAGE) {
    const { rows } = await pool.query(sql, params(["-infinity", 0], wanted));
    for (const r of rows) yield toRecord(r, model);
    return;
  }
  const client = await pool.connect();
  let open = false;
  let broken: Error | undefined;
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    open = true;
    let after: [Date | string, number] = ["-infinity", 0];
    let left = wanted;
    for (;;) {
      const { rows } = await client.query(sql, params(after, Math.min(PAGE, left)));
      for (const r of rows) yield toRecord(r, model);
      left -= rows.length;
      if (rows.length < PAGE || left <= 0) break;
      const last = rows[rows.length - 1];
      after = [last.posted_at, last.id];
    }
    await client.query("COMMIT");
    open = false;
  } catch (err) {
    // BEGIN failing is the connection failing: the pool must not hand it out again.
    if (!open) broken = err as Error;
    throw err;
  } finally {
    // Reached too on an error and when the reader stops early (return()): the snapshot must not outlive
    // the export. A connection that cannot roll back is not given back to the pool.
    if (open) await client.query("ROLLBACK").catch((err: Error) => (broken = err));
    client.release(broken);
  }
}

/** How many rows a CSV or JSON lines export with these filters holds (pingbacks and trackbacks included). */
export async function countReportRows(f: ResolvedReportFilters, client: Pool | PoolClient = pool): Promise<number> {
  const where = reportWhere(f, 3);
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM comment c JOIN thread t ON t.id = c.thread_id JOIN source src ON src.id = c.source_id
     LEFT JOIN LATERAL (SELECT * FROM score sx WHERE sx.comment_id = c.id AND sx.model = $1 AND sx.model_version = $2 LIMIT 1) s ON true
     WHERE ${where.sql}`,
    [f.model.name, f.model.version, ...where.params],
  );
  return rows[0]!.n;
}
