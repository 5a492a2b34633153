import type { Pool, PoolClient } from "pg";
import { pool } from "@/lib/db";
import type { CommentScore, Scorer } from "./types";
import { ACTIVE_SCORER, loadActiveScorer } from "./registry";

const BATCH = 2000;

/** A comment as scored and stored: what a caller may act on right away (flagging, in an import). */
export type StoredScore = { id: number; body: string; score: CommentScore };

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
     * For work outside an import (rescores, background batches; needs a transaction): the texts
     * are read with a share lock, so an import cannot change a text between its reading and its
     * score being stored (the score of the old text would replace the new one's, and flags would
     * follow it). A comment an import is rewriting is left to that import, which scores it.
     */
    lockRows?: boolean;
  } = {},
): Promise<number> {
  const client = options.client ?? pool;
  const scorer = !options.scorer || options.scorer === ACTIVE_SCORER ? await loadActiveScorer(client) : options.scorer;
  const read = async (from: number) => {
    const ids = commentIds.slice(from, from + BATCH);
    if (options.lockRows) return readLocked(client, ids);
    const { rows } = await client.query<{ id: number; body: string }>("SELECT id, body FROM comment WHERE id = ANY($1::int[])", [ids]);
    return rows;
  };
  const score = async (rows: { id: number; body: string }[]): Promise<StoredScore[]> => {
    const scores = await scorer.scoreTexts(rows.map((r) => r.body));
    return rows.map((r, i) => ({ id: r.id, body: r.body, score: scores[i]! }));
  };
  let scored = 0;
  let ready: StoredScore[] | null = commentIds.length ? await score(await read(0)) : null;
  for (let from = BATCH; ready; from += BATCH) {
    const next = from < commentIds.length ? await read(from) : null;
    const storing = storeScores(client, scorer, ready);
    // Handled when awaited below; without this, a failed store would go unobserved while scoring.
    storing.catch(() => {});
    let following: StoredScore[] | null = null;
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
 * Reads texts under a share lock. Rows locked by others are skipped at first; they are asked
 * for again waiting at most a second, since a moderator's decision holds its lock only that
 * long, while an import holds its rows until it commits (and then has scored them itself).
 */
async function readLocked(client: Pool | PoolClient, ids: number[]): Promise<{ id: number; body: string }[]> {
  const { rows } = await client.query<{ id: number; body: string }>(
    "SELECT id, body FROM comment WHERE id = ANY($1::int[]) ORDER BY id FOR SHARE SKIP LOCKED",
    [ids],
  );
  if (rows.length === ids.length) return rows;
  const got = new Set(rows.map((r) => r.id));
  const rest = ids.filter((id) => !got.has(id));
  const { rows: setting } = await client.query<{ v: string }>("SELECT current_setting('lock_timeout') AS v");
  await client.query("SAVEPOINT read_locked");
  try {
    await client.query("SELECT set_config('lock_timeout', '1s', true)");
    const { rows: waited } = await client.query<{ id: number; body: string }>(
      "SELECT id, body FROM comment WHERE id = ANY($1::int[]) ORDER BY id FOR SHARE",
      [rest],
    );
    await client.query("RELEASE SAVEPOINT read_locked");
    rows.push(...waited);
  } catch (err) {
    if ((err as { code?: string }).code !== "55P03") throw err;
    // lock_not_available: an import holds them; it scores them with the active model.
    await client.query("ROLLBACK TO SAVEPOINT read_locked");
  }
  await client.query("SELECT set_config('lock_timeout', $1, true)", [setting[0]!.v]);
  return rows;
}

function storeScores(client: Pool | PoolClient, scorer: Scorer, batch: readonly StoredScore[]): Promise<unknown> {
  const scores = batch.map((b) => b.score);
  return client.query(
    `INSERT INTO score (comment_id, model, model_version, sentiment, sentiment_label, incivility, attributes, spans)
     SELECT u.comment_id, $1, $2, u.sentiment, u.label::"SentimentLabel", u.incivility, u.attributes, u.spans
     FROM unnest($3::int[], $4::float8[], $5::text[], $6::float8[], $7::jsonb[], $8::jsonb[])
       AS u(comment_id, sentiment, label, incivility, attributes, spans)
     ON CONFLICT (comment_id, model, model_version) DO UPDATE SET
       sentiment = EXCLUDED.sentiment, sentiment_label = EXCLUDED.sentiment_label,
       incivility = EXCLUDED.incivility, attributes = EXCLUDED.attributes,
       spans = EXCLUDED.spans, scored_at = now()`,
    [
      scorer.model.name,
      scorer.model.version,
      batch.map((b) => b.id),
      scores.map((s) => s.sentiment),
      scores.map((s) => s.sentimentLabel),
      scores.map((s) => s.incivility),
      scores.map((s) => JSON.stringify(s.attributes)),
      scores.map((s) => JSON.stringify(s.spans)),
    ],
  );
}
