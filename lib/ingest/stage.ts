import { createHash } from "node:crypto";
import type { PoolClient } from "pg";
import type { ParsedComment } from "./types";

/**
 * Hash of everything an import writes for a comment: equal hash = unchanged on re-import.
 * An estimated time is left out: it comes from the file's date (saved pages, undated
 * exports), which a re-upload changes without the comment changing (see comment-upsert.ts).
 */
export function contentHash(c: ParsedComment): string {
  return createHash("sha1")
    .update(
      JSON.stringify([
        c.threadKey,
        c.parentSourceId ?? null,
        !!c.parentInferred,
        c.authorKey,
        c.authorName,
        c.body,
        c.bodyHtml ?? null,
        c.postedAtEstimated ? null : c.postedAt.toISOString(),
        !!c.postedAtEstimated,
        c.sourceStatus,
        c.kind ?? "comment",
      ]),
    )
    .digest("base64url");
}

const BATCH_CHARS = 16_000_000;

export type StagedComment = { comment: ParsedComment; sourceKey: string; line: number };

const COLUMNS = [
  ["seq", "int"], ["source_key", "text"], ["thread_ref", "text"], ["sid", "text"], ["parent_sid", "text"],
  ["inferred", "bool"], ["author_key", "text"], ["author_name", "text"], ["email", "text"], ["ip", "text"],
  ["anonymous", "bool"], ["body", "text"], ["html", "text"], ["posted_at", "timestamptz"], ["estimated", "bool"],
  ["status", "text"], ["kind", "text"], ["hash", "text"], ["line", "int"],
] as const;

/**
 * A file's comments parked in a temporary table inside the import transaction,
 * in set-based batches, so the parser never holds more than one batch: threads,
 * parents and orphans are resolved afterwards with SQL over the whole file. The
 * table disappears with the transaction, committed or not.
 */
export class Stage {
  private batch: StagedComment[] = [];
  private batchChars = 0;
  private seq = 0;
  private selfReplies = 0;
  /** The batch the database is writing while the parser reads the next one. */
  private writing: Promise<unknown> | null = null;

  private constructor(private readonly client: PoolClient) {}

  static async create(client: PoolClient): Promise<Stage> {
    await client.query(
      `CREATE TEMP TABLE ingest_stage (${COLUMNS.map(([n, t]) => `${n} ${t}`).join(", ")}, PRIMARY KEY (seq)) ON COMMIT DROP`,
    );
    return new Stage(client);
  }

  /** How many comments were staged so far. */
  get size(): number {
    return this.seq;
  }

  /** How many comments named themselves as their parent (staged as top-level comments). */
  get selfReplyCount(): number {
    return this.selfReplies;
  }

  /** Batches hold `batchSize` comments, or fewer when their texts are long (memory stays bounded). */
  async add(item: StagedComment, batchSize = 5000): Promise<void> {
    // A broken export may make a comment its own parent (WXR comment_parent equal to its id): a
    // reply to nothing, stored as a top-level comment rather than as a loop in the thread.
    if (item.comment.parentSourceId != null && item.comment.parentSourceId === item.comment.sourceCommentId) {
      this.selfReplies++;
      item = { ...item, comment: { ...item.comment, parentSourceId: null, parentInferred: false } };
    }
    this.batch.push(item);
    this.batchChars += item.comment.body.length + (item.comment.bodyHtml?.length ?? 0);
    if (this.batch.length >= batchSize || this.batchChars >= BATCH_CHARS) await this.flush();
  }

  /**
   * Sends the batch and returns once the one before it is written: the parser reads
   * the next batch while the database writes this one, and no more than two batches
   * are held. `settle()` waits for the last one.
   */
  async flush(): Promise<void> {
    const rows = this.batch;
    if (!rows.length) return;
    await this.settle();
    this.batch = [];
    this.batchChars = 0;
    const first = this.seq + 1;
    this.seq += rows.length;
    const c = rows.map((r) => r.comment);
    const values: unknown[][] = [
      rows.map((_, i) => first + i),
      rows.map((r) => r.sourceKey),
      c.map((x) => x.threadKey),
      c.map((x) => x.sourceCommentId),
      c.map((x) => x.parentSourceId ?? null),
      c.map((x) => !!x.parentInferred),
      c.map((x) => x.authorKey),
      c.map((x) => x.authorName),
      c.map((x) => x.authorEmail ?? null),
      c.map((x) => x.authorIp ?? null),
      c.map((x) => !!x.authorAnonymous),
      c.map((x) => x.body),
      c.map((x) => x.bodyHtml ?? null),
      c.map((x) => x.postedAt),
      c.map((x) => !!x.postedAtEstimated),
      c.map((x) => x.sourceStatus),
      c.map((x) => x.kind ?? "comment"),
      c.map(contentHash),
      rows.map((r) => r.line),
    ];
    const params = COLUMNS.map(([, t], i) => `$${i + 1}::${t}[]`).join(", ");
    const writing = this.client.query(
      `INSERT INTO ingest_stage SELECT * FROM unnest(${params}) AS u(${COLUMNS.map(([n]) => n).join(", ")})`,
      values,
    );
    // Observed by the next settle(); until then a failure must not count as unhandled.
    writing.catch(() => {});
    this.writing = writing;
  }

  /** Waits until every batch sent so far is written (rethrowing a failed write). */
  async settle(): Promise<void> {
    const writing = this.writing;
    this.writing = null;
    if (writing) await writing;
  }

  /**
   * Keeps the last copy of each source id (a file may repeat a record; later wins,
   * as when importing the copies one after the other). Returns how many were dropped.
   */
  async dropRepeats(): Promise<number> {
    await this.flush();
    await this.settle();
    const { rowCount } = await this.client.query(
      `DELETE FROM ingest_stage WHERE seq IN (
         SELECT seq FROM (
           SELECT seq, row_number() OVER (PARTITION BY source_key, sid ORDER BY seq DESC) AS copy FROM ingest_stage
         ) ranked WHERE copy > 1)`,
    );
    await this.client.query("ANALYZE ingest_stage");
    return rowCount ?? 0;
  }
}
