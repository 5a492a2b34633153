import type { PoolClient } from "pg";
import type { ParsedThread, SourceInfo } from "./types";
import { canonicalUrl } from "./canonical-url";
import { ERASED_HASH, REIMPORT_COMMENT_SET } from "./comment-upsert";
import { lastErasure } from "@/lib/privacy/erasures";

export { canonicalUrl };

export type WriteCounts = { inserted: number; updated: number; unchanged: number };
export type Orphan = { sourceCommentId: string; threadKey: string; line: number };

const CHUNK = 10_000;
/** Advisory-lock class for sources being imported (the object id is the source id). */
const SOURCE_LOCK_CLASS = 0x1d5f;

/**
 * Writes one source's staged comments (see stage.ts) inside the caller's
 * transaction with set-based statements keyed by source + source id, so
 * re-importing changes nothing and a newer export updates only what changed.
 */
export class SourceWriter {
  readonly counts: WriteCounts = { inserted: 0, updated: 0, unchanged: 0 };
  /** Threads that received comments from this file. */
  threads = 0;

  private constructor(
    private readonly client: PoolClient,
    readonly sourceId: number,
    /** The key this source's rows carry in the staging table. */
    private readonly sourceKey: string,
  ) {}

  static async begin(client: PoolClient, source: SourceInfo, stageKey: string): Promise<SourceWriter> {
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO source (key, name, platform) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET name = EXCLUDED.name
       RETURNING id`,
      [source.key, source.name, source.platform],
    );
    // One import at a time per source: ids are taken before writing (see writeComments), and two
    // imports racing on the same comments would otherwise link replies to ids the other one owns.
    await client.query("SELECT pg_advisory_xact_lock($1, $2)", [SOURCE_LOCK_CLASS, rows[0]!.id]);
    return new SourceWriter(client, rows[0]!.id, stageKey);
  }

  /**
   * Maps every thread the staged comments name to a thread row: by source key
   * first, then by canonical URL (the same article under another origin, with a
   * trailing slash or tracking parameters), else a new row. Threads named by no
   * comment are written only when `keep` says so (a saved page is its article
   * even without comments); comments whose thread is nowhere are orphans.
   */
  async writeThreads(parsed: ReadonlyMap<string, ParsedThread>, keep: ReadonlySet<string>): Promise<void> {
    const { rows: staged } = await this.client.query<{ ref: string }>(
      "SELECT DISTINCT thread_ref AS ref FROM ingest_stage WHERE source_key = $1",
      [this.sourceKey],
    );
    const refs = [...new Set([...staged.map((r) => r.ref), ...keep])].map((ref) => ({ ref }));
    const wanted = refs.map((r) => parsed.get(r.ref)).filter((t): t is ParsedThread => !!t);
    const canon = new Map(wanted.map((t) => [t.key, t.url ? canonicalUrl(t.url) : null]));
    const { rows: existing } = await this.client.query<{ id: number; key: string; canonical_url: string | null }>(
      `SELECT id, key, canonical_url FROM thread
       WHERE source_id = $1 AND (key = ANY($2::text[]) OR canonical_url = ANY($3::text[]))
       ORDER BY id`,
      [this.sourceId, refs.map((r) => r.ref), [...canon.values()].filter(Boolean)],
    );
    const byKey = new Map(existing.map((t) => [t.key, t.id]));
    const byCanon = new Map<string, number>();
    for (const t of existing) if (t.canonical_url && !byCanon.has(t.canonical_url)) byCanon.set(t.canonical_url, t.id);

    const ids = new Map<string, number>();
    const update: ParsedThread[] = [];
    const fresh: ParsedThread[] = [];
    const aliases: [string, string][] = [];
    const firstFresh = new Map<string, string>();
    for (const t of wanted) {
      const c = canon.get(t.key);
      const own = byKey.get(t.key);
      if (own !== undefined) {
        ids.set(t.key, own);
        update.push(t);
      } else if (c && byCanon.has(c)) ids.set(t.key, byCanon.get(c)!);
      else if (c && firstFresh.has(c)) aliases.push([t.key, firstFresh.get(c)!]);
      else {
        if (c) firstFresh.set(c, t.key);
        fresh.push(t);
      }
    }
    // A new thread without a title is named by its URL or key; a stored one keeps its title unless the file gives one.
    const columns = (list: ParsedThread[], stored = false) => [
      this.sourceId,
      list.map((t) => t.key),
      list.map((t) => t.title || (stored ? null : t.url || t.key)),
      list.map((t) => t.url ?? null),
      list.map((t) => canon.get(t.key) ?? null),
      list.map((t) => t.publishedAt ?? null),
      // Only some formats state whether a thread is closed: the others leave it as it is.
      list.map((t) => t.closed ?? null),
    ];
    const UNNEST = `unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::bool[])
                    AS u(key, title, url, canonical_url, published_at, closed)`;
    if (fresh.length) {
      const { rows } = await this.client.query<{ id: number; key: string }>(
        `INSERT INTO thread (source_id, key, title, url, canonical_url, published_at, closed, source_closed)
         SELECT $1, u.key, u.title, u.url, u.canonical_url, u.published_at, COALESCE(u.closed, false), COALESCE(u.closed, false)
         FROM ${UNNEST}
         RETURNING id, key`,
        columns(fresh),
      );
      for (const row of rows) ids.set(row.key, row.id);
    }
    for (const [key, target] of aliases) ids.set(key, ids.get(target)!);
    if (update.length) {
      await this.client.query(
        `UPDATE thread t SET title = COALESCE(u.title, t.title), url = COALESCE(u.url, t.url),
           canonical_url = COALESCE(u.canonical_url, t.canonical_url),
           published_at = COALESCE(u.published_at, t.published_at),
           -- Only a change of what the source says moves the thread: a moderator's close or reopen
           -- stands against an export that repeats what the source said before.
           closed = CASE WHEN u.closed IS DISTINCT FROM t.source_closed AND u.closed IS NOT NULL THEN u.closed ELSE t.closed END,
           source_closed = COALESCE(u.closed, t.source_closed),
           updated_at = now()
         FROM ${UNNEST}
         WHERE t.source_id = $1 AND t.key = u.key
           AND (t.title, t.url, t.canonical_url, t.published_at, t.source_closed)
             IS DISTINCT FROM (COALESCE(u.title, t.title), COALESCE(u.url, t.url), COALESCE(u.canonical_url, t.canonical_url),
                               COALESCE(u.published_at, t.published_at), COALESCE(u.closed, t.source_closed))`,
        columns(update, true),
      );
    }
    // Comments may name a thread stored by an earlier import and absent from this file.
    const missing = refs.map((r) => r.ref).filter((r) => !ids.has(r) && byKey.has(r));
    for (const ref of missing) ids.set(ref, byKey.get(ref)!);

    await this.client.query(
      `INSERT INTO ingest_thread_map (source_key, ref, thread_id)
       SELECT $1, u.ref, u.id FROM unnest($2::text[], $3::int[]) AS u(ref, id)`,
      [this.sourceKey, [...ids.keys()], [...ids.values()]],
    );
    // Fresh statistics let the planner hash-join the staged rows against the map.
    await this.client.query("ANALYZE ingest_thread_map");
    this.threads = new Set(ids.values()).size;
  }

  /** Staged comments whose thread is neither in the file nor stored: counted, the first `limit` listed. */
  async orphans(limit: number): Promise<{ count: number; list: Orphan[] }> {
    const ORPHANS = `FROM ingest_stage s
       WHERE s.source_key = $1
         AND NOT EXISTS (SELECT 1 FROM ingest_thread_map m WHERE m.source_key = s.source_key AND m.ref = s.thread_ref)`;
    const { rows: count } = await this.client.query<{ n: number }>(`SELECT count(*)::int AS n ${ORPHANS}`, [this.sourceKey]);
    const { rows } = await this.client.query<{ sid: string; thread_ref: string; line: number }>(
      `SELECT s.sid, s.thread_ref, s.line ${ORPHANS} ORDER BY s.seq LIMIT $2`,
      [this.sourceKey, Math.max(0, limit)],
    );
    return {
      count: count[0]!.n,
      list: rows.map((r) => ({ sourceCommentId: r.sid, threadKey: r.thread_ref, line: r.line })),
    };
  }

  /**
   * Upserts the commenters of this source's staged comments (last copy wins). An erased comment
   * brings no commenter back: its author's name, email and address are what the erasure removed.
   * That is looked up per comment only once any erasure was recorded.
   */
  async writeCommenters(): Promise<void> {
    const notErased = (await lastErasure(this.client))
      ? `AND NOT EXISTS (SELECT 1 FROM comment x WHERE x.source_id = $1 AND x.source_comment_id = s.sid AND x.content_hash = '${ERASED_HASH}')`
      : "";
    await this.client.query(
      `INSERT INTO commenter (source_id, key, display_name, email, ip, is_anonymous)
       SELECT DISTINCT ON (s.author_key) $1, s.author_key, s.author_name, s.email, s.ip, s.anonymous
       FROM ingest_stage s JOIN ingest_thread_map m ON m.source_key = s.source_key AND m.ref = s.thread_ref
       WHERE s.source_key = $2 AND s.author_key <> '' ${notErased}
       ORDER BY s.author_key, s.seq DESC
       ON CONFLICT (source_id, key) DO UPDATE SET
         display_name = EXCLUDED.display_name,
         email = COALESCE(EXCLUDED.email, commenter.email),
         ip = COALESCE(EXCLUDED.ip, commenter.ip)
       WHERE (commenter.display_name, commenter.email, commenter.ip)
         IS DISTINCT FROM (EXCLUDED.display_name, COALESCE(EXCLUDED.email, commenter.email), COALESCE(EXCLUDED.ip, commenter.ip))`,
      [this.sourceId, this.sourceKey],
    );
  }

  /**
   * Upserts the staged comments in chunks of the staging order, skipping rows
   * whose content hash is unchanged. Returns the ids inserted or changed: the
   * ones to link, score and flag.
   */
  async writeComments(onChunk?: (done: number) => void): Promise<number[]> {
    const { rows: bounds } = await this.client.query<{ lo: number | null; hi: number | null }>(
      "SELECT min(seq) AS lo, max(seq) AS hi FROM ingest_stage WHERE source_key = $1",
      [this.sourceKey],
    );
    const changed: number[] = [];
    const lo = bounds[0]?.lo;
    const hi = bounds[0]?.hi;
    if (lo === null || lo === undefined || hi === null || hi === undefined) return changed;
    for (let from = lo; from <= hi; from += CHUNK) {
      const { rows, rowCount } = await this.client.query<{ id: number; inserted: boolean }>(
        `WITH batch AS MATERIALIZED (
           -- Ids are taken before inserting, so a reply can point at a parent written by the
           -- same statement: parents are linked as rows are written, not updated afterwards.
           -- Stored rows are looked up one by one (LATERAL … LIMIT 1): the table's statistics
           -- predate this import, and a join planned from them read every comment of the
           -- source for each chunk, so a large import slowed with the square of its size.
           SELECT s.*, m.thread_id, coalesce(e.id, nextval('comment_id_seq')::int) AS cid, e.content_hash AS stored_hash,
             e.body AS stored_body, e.thread_id AS stored_thread
           FROM ingest_stage s
           JOIN ingest_thread_map m ON m.source_key = s.source_key AND m.ref = s.thread_ref
           LEFT JOIN LATERAL (
             SELECT x.id, x.content_hash, x.body, x.thread_id FROM comment x WHERE x.source_id = $1 AND x.source_comment_id = s.sid LIMIT 1
           ) e ON true
           WHERE s.source_key = $2 AND s.seq >= $3 AND s.seq < $4
         ), linked AS (
           -- The parent from this batch, else one stored before; one that comes later is linked by linkParents.
           -- Only in the same thread: a reply naming a comment of another thread (a broken or merged
           -- export) would show under the wrong conversation; it counts as a missing parent instead.
           SELECT b.*, coalesce(bp.cid, p.id) AS parent_id
           FROM batch b
           LEFT JOIN batch bp ON bp.sid = b.parent_sid AND bp.thread_id = b.thread_id
           LEFT JOIN LATERAL (
             SELECT x.id FROM comment x
             WHERE bp.cid IS NULL AND x.source_id = $1 AND x.source_comment_id = b.parent_sid AND x.thread_id = b.thread_id LIMIT 1
           ) p ON true
         ), written AS (
           INSERT INTO comment (id, source_id, thread_id, source_comment_id, parent_id, parent_source_id, parent_inferred,
             commenter_id, author_name, body, body_html, posted_at, posted_at_estimated, source_status, kind, content_hash)
           SELECT b.cid, $1, b.thread_id, b.sid, b.parent_id, b.parent_sid, b.inferred, cm.id, b.author_name, b.body, b.html,
             b.posted_at, b.estimated, b.status::"SourceStatus", b.kind::"CommentKind", b.hash
           FROM linked b LEFT JOIN LATERAL (
             SELECT x.id FROM commenter x WHERE b.author_key <> '' AND x.source_id = $1 AND x.key = b.author_key LIMIT 1
           ) cm ON true
           -- Unchanged rows are left out before the upsert, not by its WHERE: ON CONFLICT locks
           -- every conflicting row even when it updates none, and a re-import holds its locks to
           -- the end of the file's transaction, where a moderator's decision on any comment of
           -- the file would wait for it.
           -- An erased comment is never written again: the source's copy would bring its text back.
           WHERE b.stored_hash IS DISTINCT FROM b.hash AND b.stored_hash IS DISTINCT FROM '${ERASED_HASH}'
           ON CONFLICT (source_id, source_comment_id) DO UPDATE SET parent_id = EXCLUDED.parent_id, ${REIMPORT_COMMENT_SET}
           RETURNING id, (xmax = 0) AS inserted
         ), noted AS (
           INSERT INTO ingest_changed (id) SELECT id FROM written
         ), rewritten AS (
           -- Stored comments whose text this file changes: other models' scores of the old text go (store.ts).
           INSERT INTO ingest_rewritten (id)
           SELECT w.id FROM written w JOIN batch b ON b.cid = w.id WHERE NOT w.inserted AND b.stored_body IS DISTINCT FROM b.body
         ), moved AS (
           -- Stored comments this file moves to another thread: replies left behind lose them as parent (linkParents).
           INSERT INTO ingest_moved (id)
           SELECT w.id FROM written w JOIN batch b ON b.cid = w.id WHERE NOT w.inserted AND b.stored_thread <> b.thread_id
         )
         SELECT id, inserted FROM written`,
        [this.sourceId, this.sourceKey, from, from + CHUNK],
      );
      const { rows: size } = await this.client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ingest_stage s
         JOIN ingest_thread_map m ON m.source_key = s.source_key AND m.ref = s.thread_ref
         WHERE s.source_key = $1 AND s.seq >= $2 AND s.seq < $3`,
        [this.sourceKey, from, from + CHUNK],
      );
      for (const row of rows) {
        changed.push(row.id);
        if (row.inserted) this.counts.inserted++;
        else this.counts.updated++;
      }
      this.counts.unchanged += size[0]!.n - (rowCount ?? 0);
      onChunk?.(Math.min(hi, from + CHUNK - 1) - lo + 1);
    }
    return changed;
  }

  /**
   * Links the replies whose parent was not yet stored when they were written (the
   * parent came later in the file, or arrives only now for replies stored by an earlier
   * import), and unlinks changed comments that no longer name a parent. Returns how
   * many changed replies name a parent that does not exist.
   */
  async linkParents(): Promise<number> {
    await this.client.query("ANALYZE ingest_changed");
    await this.client.query(
      `UPDATE comment c SET parent_id = p.id
       FROM comment p
       WHERE c.source_id = $1 AND c.parent_id IS NULL AND c.parent_source_id IS NOT NULL
         AND p.source_id = $1 AND p.source_comment_id = c.parent_source_id AND p.thread_id = c.thread_id`,
      [this.sourceId],
    );
    await this.client.query(
      `UPDATE comment c SET parent_id = NULL FROM ingest_changed x
       WHERE c.id = x.id AND c.source_id = $1 AND c.parent_source_id IS NULL AND c.parent_id IS NOT NULL`,
      [this.sourceId],
    );
    // A parent moved to another thread takes with it only the replies that moved too.
    await this.client.query(
      `UPDATE comment c SET parent_id = NULL FROM ingest_moved m, comment p
       WHERE p.id = m.id AND c.parent_id = p.id AND c.thread_id <> p.thread_id`,
    );
    const { rows } = await this.client.query<{ missing: number }>(
      `SELECT count(*)::int AS missing FROM comment c JOIN ingest_changed x ON x.id = c.id
       WHERE c.source_id = $1 AND c.parent_source_id IS NOT NULL AND c.parent_id IS NULL`,
      [this.sourceId],
    );
    return rows[0]!.missing;
  }
}

export { ImportWriter } from "./direct-writer";
