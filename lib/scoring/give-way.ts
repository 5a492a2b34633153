import { setTimeout as sleep } from "node:timers/promises";
import type { PoolClient } from "pg";

/**
 * How long a rescore batch waits for a row another writer holds before it gives way. Under
 * PostgreSQL's `deadlock_timeout` (1 s by default): when a batch and an import wait for each
 * other (the batch flagging a comment the import is rewriting, the import storing a score the
 * batch holds), the batch's wait ends first and the import goes on.
 */
export const BATCH_LOCK_WAIT_MS = 400;

/** Makes the rest of the caller's transaction give up a lock wait after `BATCH_LOCK_WAIT_MS`. */
export async function limitLockWaits(client: PoolClient): Promise<void> {
  await client.query(`SET LOCAL lock_timeout = ${BATCH_LOCK_WAIT_MS}`);
}

/**
 * A lock wait given up (`lock_timeout`) or a deadlock PostgreSQL broke, also when a driver
 * wrapped it (Prisma's adapter keeps PostgreSQL's error as the `cause`).
 */
export function isLockConflict(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === "55P03" || code === "40P01") return true;
  }
  return false;
}

/**
 * Runs one batch transaction, and again from the start each time it gave way to another writer
 * (its work rolled back, nothing kept), pausing longer each time up to 3 s: a re-import holds
 * the comments it rewrites until it commits. Past `waitUntil` the conflict is thrown.
 */
export async function retryWhenGivingWay<T>(
  run: () => Promise<T>,
  options: { waitUntil?: number; giveWayForMs?: number; signal?: AbortSignal; onGiveWay?: (code: string) => void } = {},
): Promise<T> {
  let firstGaveWay: number | undefined;
  for (let pause = 100; ; pause = Math.min(pause * 2, 3000)) {
    try {
      return await run();
    } catch (err) {
      if (!isLockConflict(err)) throw err;
      const resumeAt = Date.now() + pause;
      firstGaveWay ??= Date.now();
      // `waitUntil` is a deadline (a job's lease); `giveWayForMs` counts from the first time it gave way.
      if (resumeAt > (options.waitUntil ?? Infinity) || resumeAt - firstGaveWay > (options.giveWayForMs ?? Infinity)) throw err;
      options.onGiveWay?.((err as { code: string }).code);
    }
    // Aborted, the sleep rejects at once; the abort's own reason is what the caller is told.
    await sleep(pause, undefined, { signal: options.signal }).catch((err: unknown) => {
      options.signal?.throwIfAborted();
      throw err;
    });
  }
}
