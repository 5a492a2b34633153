import { pool } from "@/lib/db";
import { DomainError } from "@/lib/errors";

/** Advisory lock key of a change of the active scoring model (any value unused elsewhere). */
const SCORING_CHANGE_LOCK = 72_611_240;

/**
 * Runs a change of the active model (a calibration, a return to the shipped model, a
 * switch of profile or provider) while no other runs, on any web instance or CLI: two at
 * once would re-score and flag for one model while the other becomes active. The lock
 * is held on its own connection and goes with it if the process dies.
 */
export async function withScoringChangeLock<T>(run: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [SCORING_CHANGE_LOCK]);
    if (!rows[0]!.locked) {
      throw new DomainError(
        "another change of the scoring model is running (a calibration, a return to the shipped model or a switch of profile); try again when it has finished",
        409,
      );
    }
    try {
      return await run();
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [SCORING_CHANGE_LOCK]).catch(() => {});
    }
  } finally {
    client.release();
  }
}

/** Whether a change of the active model holds the lock now (on any instance). */
export async function scoringChangeRunning(): Promise<boolean> {
  // A one-number advisory lock is keyed by classid (high 32 bits, here 0) and objid (low 32 bits).
  const { rows } = await pool.query<{ held: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = 0 AND objid = $1 AND objsubid = 1 AND granted) AS held",
    [SCORING_CHANGE_LOCK],
  );
  return rows[0]!.held;
}
