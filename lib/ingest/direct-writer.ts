import type { PoolClient } from "pg";
import type { ParsedComment, ParsedThread, SourceInfo } from "./types";
import { contentHash } from "./stage";
import { canonicalUrl } from "./canonical-url";
import { ERASED_HASH, REIMPORT_COMMENT_SET } from "./comment-upsert";
import { lastErasure } from "@/lib/privacy/erasures";
import type { WriteCounts } from "./writer";

/** Keeps the last occurrence of each key: a batch may not touch one row twice. */
function lastByKey<T>(items: readonly T[], key: (item: T) => string): T[] {
  const map = new Map<string, T>();
  for (const item of items) map.set(key(item), item);
  return [...map.values()];
}

/**
 * Writes already-parsed threads and comments in batches inside the caller's
 * transaction (test fixtures that set their own scores use it), with the same
 * keys and content hash as file imports: set-based upserts keyed by source +
 * source id. File imports go through the staging table instead (store.ts),
 * which also resolves orphans and canonical URLs.
 */
export class ImportWriter {
  readonly counts: WriteCounts = { inserted: 0, updated: 0, unchanged: 0 };
  /** Ids of comments inserted or changed by this import: the ones to (re)score. */
  readonly changedIds: number[] = [];
  private readonly threadIds = new Map<string, number>();
  private readonly commenterIds = new Map<string, number>();

  private constructor(
    private readonly client: PoolClient,
    readonly sourceId: number,
  ) {}

  static async begin(client: PoolClient, source: SourceInfo): Promise<ImportWriter> {
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO source (key, name, platform) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET name = EXCLUDED.name
       RETURNING id`,
      [source.key, source.name, source.platform],
    );
    return new ImportWriter(client, rows[0]!.id);
  }

  async writeThreads(threads: readonly ParsedThread[]): Promise<void> {
    const unique = lastByKey(threads, (t) => t.key);
    if (!unique.length) return;
    const { rows } = await this.client.query<{ id: number; key: string }>(
      `INSERT INTO thread (source_id, key, title, url, canonical_url, published_at, closed, source_closed)
       SELECT $1, u.key, u.title, u.url, u.canonical_url, u.published_at, COALESCE(u.closed, false), COALESCE(u.closed, false)
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::bool[])
         AS u(key, title, url, canonical_url, published_at, closed)
       ON CONFLICT (source_id, key) DO UPDATE SET
         title = EXCLUDED.title, url = COALESCE(EXCLUDED.url, thread.url),
         canonical_url = COALESCE(EXCLUDED.canonical_url, thread.canonical_url),
         published_at = COALESCE(EXCLUDED.published_at, thread.published_at),
         -- As in the file import (writer.ts), only a change of what the source says moves the thread.
         closed = CASE WHEN EXCLUDED.source_closed <> thread.source_closed THEN EXCLUDED.source_closed ELSE thread.closed END,
         source_closed = EXCLUDED.source_closed, updated_at = now()
       RETURNING id, key`,
      [
        this.sourceId,
        unique.map((t) => t.key),
        unique.map((t) => t.title),
        unique.map((t) => t.url ?? null),
        unique.map((t) => (t.url ? canonicalUrl(t.url) : null)),
        unique.map((t) => t.publishedAt ?? null),
        unique.map((t) => t.closed ?? null),
      ],
    );
    for (const row of rows) this.threadIds.set(row.key, row.id);
  }

  private async writeCommenters(comments: readonly ParsedComment[]): Promise<void> {
    const fresh = lastByKey(
      comments.filter((c) => c.authorKey && !this.commenterIds.has(c.authorKey)),
      (c) => c.authorKey,
    );
    if (!fresh.length) return;
    const keys = fresh.map((c) => c.authorKey);
    await this.client.query(
      `INSERT INTO commenter (source_id, key, display_name, email, ip, is_anonymous)
       SELECT $1, u.key, u.name, u.email, u.ip, u.anonymous
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bool[]) AS u(key, name, email, ip, anonymous)
       ON CONFLICT (source_id, key) DO UPDATE SET
         display_name = EXCLUDED.display_name,
         email = COALESCE(EXCLUDED.email, commenter.email),
         ip = COALESCE(EXCLUDED.ip, commenter.ip)
       WHERE (commenter.display_name, commenter.email, commenter.ip)
         IS DISTINCT FROM (EXCLUDED.display_name, COALESCE(EXCLUDED.email, commenter.email), COALESCE(EXCLUDED.ip, commenter.ip))`,
      [
        this.sourceId,
        keys,
        fresh.map((c) => c.authorName),
        fresh.map((c) => c.authorEmail ?? null),
        fresh.map((c) => c.authorIp ?? null),
        fresh.map((c) => !!c.authorAnonymous),
      ],
    );
    const { rows } = await this.client.query<{ id: number; key: string }>(
      "SELECT id, key FROM commenter WHERE source_id = $1 AND key = ANY($2::text[])",
      [this.sourceId, keys],
    );
    for (const row of rows) this.commenterIds.set(row.key, row.id);
  }

  async writeComments(batch: readonly ParsedComment[]): Promise<void> {
    const comments = lastByKey(batch, (c) => c.sourceCommentId);
    if (!comments.length) return;
    // As in the file import: an erased comment brings no commenter back (looked up once any erasure was recorded).
    const { rows: erased } = (await lastErasure(this.client))
      ? await this.client.query<{ sid: string }>(
          "SELECT source_comment_id AS sid FROM comment WHERE source_id = $1 AND source_comment_id = ANY($2::text[]) AND content_hash = $3",
          [this.sourceId, comments.map((c) => c.sourceCommentId), ERASED_HASH],
        )
      : { rows: [] };
    const gone = new Set(erased.map((r) => r.sid));
    await this.writeCommenters(comments.filter((c) => !gone.has(c.sourceCommentId)));
    const threadIds = comments.map((c) => {
      const id = this.threadIds.get(c.threadKey);
      if (id === undefined) throw new Error(`comment ${c.sourceCommentId} names thread ${c.threadKey}, which was not written`);
      return id;
    });
    const { rows } = await this.client.query<{ id: number; inserted: boolean }>(
      `INSERT INTO comment (source_id, thread_id, source_comment_id, parent_source_id, parent_inferred,
         commenter_id, author_name, body, body_html, posted_at, posted_at_estimated, source_status, kind, content_hash)
       SELECT $1, u.thread_id, u.sid, u.parent_sid, u.inferred, u.commenter_id, u.author, u.body, u.html,
         u.posted_at, u.estimated, u.status::"SourceStatus", u.kind::"CommentKind", u.hash
       FROM unnest($2::int[], $3::text[], $4::text[], $5::bool[], $6::int[], $7::text[], $8::text[], $9::text[],
         $10::timestamptz[], $11::bool[], $12::text[], $13::text[], $14::text[])
         AS u(thread_id, sid, parent_sid, inferred, commenter_id, author, body, html, posted_at, estimated, status, kind, hash)
       -- Unchanged rows are left out first: ON CONFLICT locks a conflicting row even when it updates nothing.
       WHERE NOT EXISTS (SELECT 1 FROM comment x WHERE x.source_id = $1 AND x.source_comment_id = u.sid
                         AND x.content_hash IN (u.hash, '${ERASED_HASH}'))
       ON CONFLICT (source_id, source_comment_id) DO UPDATE SET ${REIMPORT_COMMENT_SET}
       RETURNING id, (xmax = 0) AS inserted`,
      [
        this.sourceId,
        threadIds,
        comments.map((c) => c.sourceCommentId),
        comments.map((c) => c.parentSourceId ?? null),
        comments.map((c) => !!c.parentInferred),
        comments.map((c) => (c.authorKey ? (this.commenterIds.get(c.authorKey) ?? null) : null)),
        comments.map((c) => c.authorName),
        comments.map((c) => c.body),
        comments.map((c) => c.bodyHtml ?? null),
        comments.map((c) => c.postedAt),
        comments.map((c) => !!c.postedAtEstimated),
        comments.map((c) => c.sourceStatus),
        comments.map((c) => c.kind ?? "comment"),
        comments.map(contentHash),
      ],
    );
    for (const row of rows) {
      this.changedIds.push(row.id);
      if (row.inserted) this.counts.inserted++;
      else this.counts.updated++;
    }
    this.counts.unchanged += comments.length - rows.length;
  }

  /**
   * Resolves parent links by source id, whatever the order comments arrived in
   * (parents after children, or in an earlier import). Returns how many replies
   * name a parent that does not exist.
   */
  async linkParents(): Promise<number> {
    await this.client.query(
      `UPDATE comment c SET parent_id = p.id
       FROM comment p
       WHERE c.source_id = $1 AND c.parent_source_id IS NOT NULL
         AND (c.parent_id IS NULL OR c.id = ANY($2::int[]))
         AND p.source_id = $1 AND p.source_comment_id = c.parent_source_id AND p.thread_id = c.thread_id
         AND c.parent_id IS DISTINCT FROM p.id`,
      [this.sourceId, this.changedIds],
    );
    await this.client.query(
      `UPDATE comment SET parent_id = NULL
       WHERE id = ANY($1::int[]) AND parent_source_id IS NULL AND parent_id IS NOT NULL`,
      [this.changedIds],
    );
    const { rows } = await this.client.query<{ missing: string }>(
      `SELECT count(*) AS missing FROM comment
       WHERE id = ANY($1::int[]) AND parent_source_id IS NOT NULL AND parent_id IS NULL`,
      [this.changedIds],
    );
    return Number(rows[0]!.missing);
  }
}
