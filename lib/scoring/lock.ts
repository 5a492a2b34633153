import type { PoolClient } from "pg";
import { pool } from "@/lib/db";
import { DomainError } from "@/lib/errors";

/** Advisory lock key of a change of the active scoring model (any value unused elsewhere). */
const SCORING_CHANGE_LOCK = 72_611_240;
/**
 * Held shared by each background scoring batch for its transaction, and exclusively by a
 * running change: a batch never scores and flags with a model that a change is replacing.
 */
const SCORER_LOCK = 72_611_241;

const BUSY = "another change of the scoring model is running (a calibration, a return to the shipped model or a switch of profile); try again when it has finished";

/**
 * Runs a change of the active model (a calibration, a return to the shipped model, a
 * switch of profile or provider) while no other runs, on any web instance, worker or CLI:
 * two at once would re-score and flag for one model while the other becomes active.
 *
 * The lock is transaction-scoped, in a transaction held open on a connection of its own for
 * the whole run: behind PgBouncer in transaction mode that pins one server connection, so
 * the lock cannot stay behind on a pooled one, and it ends with the transaction or the
 * connection (a dead process frees it). The open transaction writes nothing, so it holds
 * back no vacuum. If that connection fails, the run is aborted through `signal`.
 */
export async function withScoringChangeLock<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
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
    // Waits for background batches already scoring (each one short transaction); later ones wait for this change.
    await client.query("SELECT pg_advisory_xact_lock($1)", [SCORER_LOCK]);
    return await run(lost.signal);
  } finally {
    clearInterval(probe);
    if (!failure) await client.query("ROLLBACK").catch((err: Error) => (failure = err));
    client.off("error", onError);
    client.release(failure);
  }
}

/** Whether a change of the active model holds the lock now (in this database, on any instance). */
export async function scoringChangeRunning(): Promise<boolean> {
  // A one-number advisory lock is keyed by classid (high 32 bits, here 0) and objid (low 32 bits).
  const { rows } = await pool.query<{ held: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM pg_locks
       WHERE locktype = 'advisory' AND classid = 0 AND objid = $1 AND objsubid = 1 AND granted
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
     ) AS held`,
    [SCORING_CHANGE_LOCK],
  );
  return rows[0]!.held;
}

/** Refuses with the message above while a change of the active model runs. */
export async function assertNoScoringChange(): Promise<void> {
  if (await scoringChangeRunning()) throw new DomainError(BUSY, 409);
}

/**
 * Called first in a background scoring batch's transaction: waits while a change of the
 * active model runs, and keeps one from starting until the batch commits. The batch then
 * reads the settings afresh (scoreComments with the active scorer does), so it scores with
 * the model the change left active, and its flags agree with the change's.
 */
export async function holdScorerForBatch(client: PoolClient): Promise<void> {
  await client.query("SELECT pg_advisory_xact_lock_shared($1)", [SCORER_LOCK]);
}
