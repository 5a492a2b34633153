import type { Pool, PoolClient } from "pg";
import { pool } from "@/lib/db";
import type { CommentScore, Scorer } from "./types";
import { ACTIVE_SCORER, loadActiveScorer } from "./registry";

const BATCH = 2000;

/** Scores by comment id, with the model and comment version they are of (see scoreComments' `reuse`). */
export type ScoreReuse = Map<number, { model: string; version: number; score: CommentScore }>;

/** A comment as scored and stored: what a caller may act on right away (flagging, in an import). */
export type StoredScore = { id: number; body: string; score: CommentScore };
type Scored = StoredScore & { version: number; hash: string | null };
type Row = { id: number; body: string; mod_version: number; content_hash: string | null };

/**
 * Scores the given comments with the active (or given) scorer and stores one
 * score row per comment for that model version, replacing an older row of the
 * same version. Set-based: one SELECT and one INSERT … ON CONFLICT per batch.
 * The active scorer's settings are re-read first, so a calibration activated by
 * another process is used (and `activeScorer().model` names it) from here on.
 *
 * Pipelined: a batch's texts are read before the previous batch's scores are sent,
 * and scored while the database stores them, so the scorer and PostgreSQL work at
 * the same time. One statement is in flight at a time, as a connection requires.
 */
export async function scoreComments(
  commentIds: readonly number[],
  options: {
    scorer?: Scorer;
    client?: PoolClient;
    /** Called with each batch once its scores are stored, before the next batch is stored. */
    onStored?: (batch: readonly StoredScore[]) => void;
    /**
     * Scores of an earlier try of the same work, kept across tries: a comment read again at the
     * version scored then, by the same model, is not sent to the scorer twice (an http provider's
     * batch costs a request).
     */
    reuse?: ScoreReuse;
    /**
     * For work outside the transaction that writes the comments (rescores, background batches):
     * scores every text first, then share-locks the comments and stores (see scoreThenLock). An
     * import or an erasure scores comments it holds already.
     */
    lockComments?: boolean;
  } = {},
): Promise<number> {
  const client = options.client ?? pool;
  // In id order, as every scorer stores them: two scoring the same comments lock their score rows in one order.
  commentIds = [...commentIds].sort((a, b) => a - b);
  const scorer = !options.scorer || options.scorer === ACTIVE_SCORER ? await loadActiveScorer(client) : options.scorer;
  const readIds = async (ids: readonly number[]) =>
    (await client.query<Row>("SELECT id, body, mod_version, content_hash FROM comment WHERE id = ANY($1::int[]) ORDER BY id", [ids])).rows;
  const read = (from: number) => readIds(commentIds.slice(from, from + BATCH));
  const model = `${scorer.model.name}@${scorer.model.version}`;
  const kept = (r: { id: number; mod_version: number }) => {
    const earlier = options.reuse?.get(r.id);
    return earlier && earlier.model === model && earlier.version === r.mod_version ? earlier.score : undefined;
  };
  const score = async (rows: Row[]): Promise<Scored[]> => {
    const fresh = rows.filter((r) => !kept(r));
    const scores = fresh.length ? await scorer.scoreTexts(fresh.map((r) => r.body)) : [];
    const scoredNow = new Map(fresh.map((r, i) => [r.id, scores[i]!]));
    return rows.map((r) => {
      const score = scoredNow.get(r.id) ?? kept(r)!;
      options.reuse?.set(r.id, { model, version: r.mod_version, score });
      return { id: r.id, body: r.body, version: r.mod_version, hash: r.content_hash, score };
    });
  };
  if (options.lockComments) return scoreThenLock(client, scorer, commentIds, { read, readIds, score, onStored: options.onStored });
  let scored = 0;
  let ready: Scored[] | null = commentIds.length ? await score(await read(0)) : null;
  for (let from = BATCH; ready; from += BATCH) {
    const next = from < commentIds.length ? await read(from) : null;
    const storing = storeScores(client, scorer, ready);
    // Handled when awaited below; without this, a failed store would go unobserved while scoring.
    storing.catch(() => {});
    let following: Scored[] | null = null;
    try {
      following = next ? await score(next) : null;
    } finally {
      await storing;
    }
    options.onStored?.(ready);
    scored += ready.length;
    ready = following;
  }
  return scored;
}

/**
 * Scores and stores comments outside the transaction that writes them. Every text is scored
 * first, holding nothing (a model's time never holds up a moderator or an import); then the
 * comments are share-locked, in id order, until the caller commits, and their scores stored. The
 * insights rollups count a new score by its comment's day, thread and words as its trigger reads
 * them: unlocked, a score stored while an import was re-dating or rewriting the comment was
 * counted on its old day and words for good. Locked, the store waits for such an import (a batch
 * with limitLockWaits gives way and runs again), and an import waits for the store. A comment an
 * import changed while its text was being scored (its content hash moved) is read again under the
 * lock and scored again: its old text's score must not come back after the import dropped it.
 */
async function scoreThenLock(
  client: Pool | PoolClient,
  scorer: Scorer,
  ids: readonly number[],
  work: {
    read: (from: number) => Promise<Row[]>;
    readIds: (ids: readonly number[]) => Promise<Row[]>;
    score: (rows: Row[]) => Promise<Scored[]>;
    onStored?: (batch: readonly StoredScore[]) => void;
  },
): Promise<number> {
  let scored: Scored[] = [];
  for (let from = 0; from < ids.length; from += BATCH) scored.push(...(await work.score(await work.read(from))));
  const { rows: locked } = await client.query<{ id: number; content_hash: string | null }>(
    "SELECT id, content_hash FROM comment WHERE id = ANY($1::int[]) ORDER BY id FOR SHARE",
    [ids],
  );
  const now = new Map(locked.map((r) => [r.id, r.content_hash]));
  const changed = scored.filter((s) => now.has(s.id) && now.get(s.id) !== s.hash).map((s) => s.id);
  // Deleted meanwhile: nothing to store.
  scored = scored.filter((s) => now.get(s.id) === s.hash && now.has(s.id));
  if (changed.length) scored = [...scored, ...(await work.score(await work.readIds(changed)))].sort((a, b) => a.id - b.id);
  for (let from = 0; from < scored.length; from += BATCH) {
    const batch = scored.slice(from, from + BATCH);
    await storeScores(client, scorer, batch);
    work.onStored?.(batch);
  }
  return scored.length;
}

/**
 * Without scoreThenLock's lock (an import's own comments): a comment's text may change between
 * its reading and its score being stored. The score records the comment's version as read, and
 * never replaces one of a later read. The ON CONFLICT's WHERE sees the row as committed by whoever
 * wrote it last (waiting for them), so an import that changed the text and scored it wins whatever the order.
 */
function storeScores(client: Pool | PoolClient, scorer: Scorer, batch: readonly Scored[]): Promise<unknown> {
  const scores = batch.map((b) => b.score);
  return client.query(
    `INSERT INTO score (comment_id, model, model_version, sentiment, sentiment_label, incivility, attributes, spans, comment_version)
     SELECT u.comment_id, $1, $2, u.sentiment, u.label::"SentimentLabel", u.incivility, u.attributes, u.spans, u.version
     FROM unnest($3::int[], $4::float8[], $5::text[], $6::float8[], $7::jsonb[], $8::jsonb[], $9::int[])
       AS u(comment_id, sentiment, label, incivility, attributes, spans, version)
     ON CONFLICT (comment_id, model, model_version) DO UPDATE SET
       sentiment = EXCLUDED.sentiment, sentiment_label = EXCLUDED.sentiment_label,
       incivility = EXCLUDED.incivility, attributes = EXCLUDED.attributes,
       spans = EXCLUDED.spans, scored_at = now(), comment_version = EXCLUDED.comment_version
     WHERE score.comment_version <= EXCLUDED.comment_version`,
    [
      scorer.model.name,
      scorer.model.version,
      batch.map((b) => b.id),
      scores.map((s) => s.sentiment),
      scores.map((s) => s.sentimentLabel),
      scores.map((s) => s.incivility),
      scores.map((s) => JSON.stringify(s.attributes)),
      scores.map((s) => JSON.stringify(s.spans)),
      batch.map((b) => b.version),
    ],
  );
}
