import { setTimeout as sleep } from "node:timers/promises";
import type { PoolClient } from "pg";
import { inTransaction, pool } from "@/lib/db";
import { DomainError } from "@/lib/errors";

/** Advisory lock key of a change of the active scoring model (any value unused elsewhere). */
const SCORING_CHANGE_LOCK = 72_611_240;
/**
 * Held shared by each background scoring batch for its transaction, and exclusively by a
 * running change: a batch never scores and flags with a model that a change is replacing.
 */
export const SCORER_LOCK = 72_611_241;

const BUSY = "another change of the scoring model is running (a calibration, a return to the shipped model or a switch of profile); try again when it has finished";

/**
 * Runs a change of the active model (a calibration, a return to the shipped model, a
 * switch of profile or provider) while no other runs, on any web instance, worker or CLI:
 * two at once would re-score and flag for one model while the other becomes active.
 *
 * The lock is transaction-scoped, in a transaction held open on a connection of its own for
 * the whole run: behind PgBouncer in transaction mode that pins one server connection, so
 * the lock cannot stay behind on a pooled one, and it ends with the transaction or the
 * connection (a dead process frees it). With `pauseScoring` (all but dry runs) it also holds
 * the scorer lock: background batches in flight finish first, later ones wait (withScorerShared). The open transaction writes nothing, so it holds
 * back no vacuum. If that connection fails, the run is aborted through `signal`.
 */
export async function withScoringChangeLock<T>(
  run: (signal: AbortSignal) => Promise<T>,
  options: { pauseScoring: boolean } = { pauseScoring: true },
): Promise<T> {
  const client = await pool.connect();
  const lost = new AbortController();
  let failure: Error | undefined;
  // Checked out, the client has no pool listener: an error would otherwise be uncaught.
  const onError = (err: Error) => {
    failure = err;
    lost.abort(new Error(`the connection holding the scoring-change lock failed (${err.message}); the change was stopped`));
  };
  client.on("error", onError);
  // The transaction sits idle for the whole run: a timeout on idle transactions must not end it,
  // and a connection lost without an error (a dropped network) is found by asking now and then.
  const probe = setInterval(() => {
    client.query("SELECT 1").catch((err: Error) => onError(err));
  }, 30_000);
  try {
    await client.query("BEGIN");
    await client.query("SET LOCAL idle_in_transaction_session_timeout = 0");
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_xact_lock($1) AS locked", [SCORING_CHANGE_LOCK]);
    if (!rows[0]!.locked) throw new DomainError(BUSY, 409);
    // Waits for background batches already scoring (each one short transaction); later ones wait for this
    // change. A change that only reports (a dry run) lets them go on.
    if (options.pauseScoring) await client.query("SELECT pg_advisory_xact_lock($1)", [SCORER_LOCK]);
    return await run(lost.signal);
  } finally {
    clearInterval(probe);
    if (!failure) await client.query("ROLLBACK").catch((err: Error) => (failure = err));
    client.off("error", onError);
    client.release(failure);
  }
}

/**
 * Whether an advisory lock on `key` (one number) shows in this database, on any instance: held
 * (`granted`), or in the given mode held or asked for. A one-number advisory lock is keyed by
 * classid (high 32 bits, here 0) and objid (low 32 bits), with objsubid 1.
 */
async function advisoryLockSeen(key: number, seen: { granted: true } | { mode: "ExclusiveLock" }): Promise<boolean> {
  const { rows } = await pool.query<{ seen: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM pg_locks
       WHERE locktype = 'advisory' AND classid = 0 AND objid = $1 AND objsubid = 1
         AND ${"granted" in seen ? "granted" : "mode = 'ExclusiveLock'"}
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
     ) AS seen`,
    [key],
  );
  return rows[0]!.seen;
}

/** Whether a change of the active model holds the lock now (in this database, on any instance). */
export function scoringChangeRunning(): Promise<boolean> {
  return advisoryLockSeen(SCORING_CHANGE_LOCK, { granted: true });
}

/**
 * Whether scoring is paused for a change of the active model now (its exclusive scorer lock is
 * held or asked for, on any instance): an import would wait for it. A dry run pauses nothing.
 */
export function scoringPaused(): Promise<boolean> {
  return advisoryLockSeen(SCORER_LOCK, { mode: "ExclusiveLock" });
}

/**
 * Waits, holding no connection or transaction, while scoring is paused for a change of the model.
 * An import waits here before recording its run and opening its transaction: inside it, the wait
 * would hold back vacuum while the change rewrites every score, and a run recorded but not yet
 * locked would be taken by other instances for one that died.
 */
export async function waitWhileScoringPaused(signal?: AbortSignal): Promise<void> {
  // A cancel ends the pause at once, with the abort's own reason.
  while (await scoringPaused()) {
    await sleep(1000, undefined, { signal }).catch((err: unknown) => {
      signal?.throwIfAborted();
      throw err;
    });
  }
}

/** Refuses with the message above while a change of the active model runs. */
export async function assertNoScoringChange(): Promise<void> {
  if (await scoringChangeRunning()) throw new DomainError(BUSY, 409);
}

/** Thrown by a batch that waited as long as it may for a change of the model to finish. */
export class ScoringChangeBusyError extends DomainError {
  constructor() {
    super("a change of the scoring model is still running; this batch waits its turn and is tried again", 409);
  }
}

/**
 * Runs a scoring batch in a transaction that holds the scorer lock shared, so no change of the
 * active model runs meanwhile, and none starts until the batch commits. While a change runs the
 * batch waits without holding a connection (a connection per waiting batch would starve the
 * change of the pool it needs), asking again every second, until `waitUntil` (epoch ms): a
 * background job gives up before its lease ends and is retried, rather than run twice at once.
 * `work` should read the active model afresh: the change may have replaced it.
 */
export async function withScorerShared<T>(work: (client: PoolClient) => Promise<T>, options: { waitUntil: number }): Promise<T> {
  for (;;) {
    // A transaction that did not get the lock did nothing: committing it ends it as well as a rollback.
    const outcome = await inTransaction(async (client) => {
      const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_xact_lock_shared($1) AS locked", [SCORER_LOCK]);
      return rows[0]!.locked ? { ran: true as const, result: await work(client) } : { ran: false as const };
    });
    if (outcome.ran) return outcome.result;
    if (Date.now() + WAIT_STEP_MS > options.waitUntil) throw new ScoringChangeBusyError();
    await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
  }
}

const WAIT_STEP_MS = 1000;

/**
 * Holds the scorer lock shared for the rest of the caller's transaction, waiting for a change
 * of the active model to finish first. An import takes it before writing: a change that began
 * earlier has then re-scored everything before the import scores with the model it left
 * active, and a change that begins later waits for the import's comments to be committed, so
 * its rescore covers them.
 */
export async function holdScorerShared(client: PoolClient): Promise<void> {
  await client.query("SELECT pg_advisory_xact_lock_shared($1)", [SCORER_LOCK]);
}
