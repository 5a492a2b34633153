import type { PoolClient } from "pg";
import { inTransaction, pool } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { withScorerShared } from "./lock";
import { isLockConflict, limitLockWaits, retryWhenGivingWay } from "./give-way";
import { loadActiveScorer } from "./registry";
import { JUDGEABLE_COMMENT, flagComments } from "@/lib/moderation/flag";
import { scoreComments, type ScoreReuse } from "./store-scores";
import type { ModelInfo, Scorer } from "./types";

export type RescoreProgress = { done: number; total: number; elapsedMs: number };

export type RescoreOptions = {
  scorer: Scorer;
  /** Comments per transaction. */
  batchSize?: number;
  /** Only comments with no score from this model version yet (resume, catch up). */
  onlyMissing?: boolean;
  /** Apply the flag rules with these scores (do it for the model that is, or is about to be, active). */
  flag?: boolean;
  /**
   * Apply the flag rules alone, with the scores stored (after thresholds or word lists changed),
   * to the comments they may change; nothing is scored. The scorer names the active model.
   */
  rulesOnly?: boolean;
  onProgress?: (p: RescoreProgress) => void;
  signal?: AbortSignal;
  /** Told each time a batch gave way to another writer (the error code: 55P03 its wait given up, 40P01 a deadlock). */
  onGiveWay?: (code: string) => void;
  /**
   * For a rescore with the active model outside a change of it (the command line): each batch
   * waits while a change runs, and the rescore stops if the change made another model active.
   * Never inside a change, which holds the lock this waits for.
   */
  guard?: boolean;
};

/** `flagged`: newly flagged or rejected by the rules; `unflagged`: flagged by the rules before, by none now. */
export type RescoreResult = { model: ModelInfo; scored: number; flagged: number; unflagged: number; seconds: number };

/** How long one batch keeps giving way before the rescore stops and says why. */
const GIVE_WAY_FOR_MS = 10 * 60_000;

const MISSING = `NOT EXISTS (SELECT 1 FROM score s WHERE s.comment_id = c.id AND s.model = $2 AND s.model_version = $3)`;

/**
 * Re-scores every comment (or every one still missing a score) with a scorer, in
 * batches of consecutive ids, each batch its own short transaction: the work runs
 * beside imports and reviews, an interruption keeps what is done, and
 * `onlyMissing` resumes it. Set-based per batch (one SELECT, one upsert). A batch that meets a
 * writer holding its comments or scores gives way and runs again (see give-way.ts).
 */
export async function rescoreComments(options: RescoreOptions): Promise<RescoreResult> {
  const started = Date.now();
  const { scorer } = options;
  const model = { ...scorer.model };
  const batchSize = options.batchSize ?? 2000;
  const filter = options.rulesOnly ? `AND ${JUDGEABLE_COMMENT}` : options.onlyMissing ? `AND ${MISSING}` : "";
  const params = options.onlyMissing && !options.rulesOnly ? [model.name, model.version] : [];
  const { rows: count } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM comment c WHERE c.id > $1 ${filter}`,
    [0, ...params],
  );
  const total = count[0]!.n;
  let after = 0;
  let scored = 0;
  let flagged = 0;
  let unflagged = 0;
  options.onProgress?.({ done: 0, total, elapsedMs: 0 });
  for (;;) {
    options.signal?.throwIfAborted();
    const { rows } = await pool.query<{ id: number }>(
      `SELECT c.id FROM comment c WHERE c.id > $1 ${filter} ORDER BY c.id LIMIT ${batchSize}`,
      [after, ...params],
    );
    if (!rows.length) break;
    const ids = rows.map((r) => r.id);
    const reuse: ScoreReuse = new Map();
    const batch = async (client: PoolClient) => {
      await limitLockWaits(client);
      if (options.guard) await assertStillActive(model, scored, client);
      const done = options.rulesOnly ? ids.length : await scoreComments(ids, { scorer, client, reuse, lockComments: true });
      const outcome = options.flag || options.rulesOnly ? await flagComments(ids, model, client) : { flagged: 0, unflagged: 0 };
      return { done, ...outcome };
    };
    const outcome = await retryWhenGivingWay(
      () => (options.guard ? withScorerShared(batch, { waitUntil: Infinity }) : inTransaction(batch)),
      { signal: options.signal, onGiveWay: options.onGiveWay, giveWayForMs: GIVE_WAY_FOR_MS },
    ).catch((err: unknown) => {
      if (!isLockConflict(err)) throw err;
      throw new DomainError(
        `comments ${ids[0]}–${ids[ids.length - 1]} stayed held by another writer (an import rewriting them) for ${GIVE_WAY_FOR_MS / 60_000} minutes; ${scored} comments were rescored: run the rescore again`,
        409,
      );
    });
    scored += outcome.done;
    flagged += outcome.flagged;
    unflagged += outcome.unflagged;
    after = ids[ids.length - 1]!;
    options.onProgress?.({ done: scored, total: Math.max(total, scored), elapsedMs: Date.now() - started });
  }
  return { model, scored, flagged, unflagged, seconds: (Date.now() - started) / 1000 };
}

/** Stops a guarded rescore whose model a change has replaced: its flags would follow the old one. */
async function assertStillActive(model: ModelInfo, scored: number, client: PoolClient): Promise<void> {
  const active = (await loadActiveScorer(client)).model;
  if (active.name === model.name && active.version === model.version) return;
  throw new DomainError(
    `the active model became ${active.name} ${active.version} while rescoring with ${model.name} ${model.version} ` +
      `(${scored} comments done); run the rescore again`,
    409,
  );
}
