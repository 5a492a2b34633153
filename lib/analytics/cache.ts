import { pool, readPool } from "@/lib/db";
import { insightsCacheSeconds } from "@/lib/env";

/**
 * Computed Insights kept per filter set until the rollups under them change (a sequence
 * bumped by a statement trigger on every rollup table) or `INSIGHTS_CACHE_SECONDS` pass
 * (default 10; 0 turns the cache off). Identical requests that arrive while one is being
 * computed share its result, so a newsroom opening the same default view at once costs
 * one computation. The time limit bounds the one race left: a write that bumps the counter
 * and commits while a computation that could not yet see it is running.
 */
const secondsSchema = insightsCacheSeconds.default(10);
const MAX_ENTRIES = 200;

type Entry<T> = { epoch: string; expires: number; value: Promise<T> };
const entries = new Map<string, Entry<unknown>>();

/**
 * `npm start` refuses a value it cannot read (lib/env); a server started otherwise says so once
 * and uses the default, rather than failing every Insights request over a setting.
 */
export function cacheSeconds(env: Record<string, string | undefined> = process.env): number {
  const parsed = secondsSchema.safeParse(env.INSIGHTS_CACHE_SECONDS || undefined);
  if (parsed.success) return parsed.data;
  if (!warned) console.error(`[insights] INSIGHTS_CACHE_SECONDS=${env.INSIGHTS_CACHE_SECONDS} is not 0 to 3600 seconds: using 10`);
  warned = true;
  return 10;
}
let warned = false;

/**
 * Read from the primary: a replica sees a sequence move only every few dozen steps (sequences are
 * logged ahead in batches), so a decision would not end the cached figures there.
 */
async function currentEpoch(): Promise<{ epoch: string; lsn: string }> {
  const { rows } = await pool.query<{ v: string; lsn: string }>("SELECT last_value::text AS v, pg_current_wal_lsn()::text AS lsn FROM rollup_change_seq");
  return { epoch: rows[0]!.v, lsn: rows[0]!.lsn };
}

/**
 * Whether the figures about to be read (from the replica, when there is one) include every
 * write the counter has seen: a replica behind the primary would compute the old figures and
 * keep them under the new counter. Behind, the figures are computed but not kept.
 */
async function readsAreCurrent(lsn: string): Promise<boolean> {
  if (!process.env.DATABASE_REPLICA_URL) return true;
  const { rows } = await readPool.query<{ current: boolean | null }>("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS current", [lsn]);
  // Null: the read pool is a primary after all (no replay), which is current.
  return rows[0]?.current !== false;
}

/**
 * Moves the change counter once a write has committed. Rollup triggers move it as each statement
 * runs, before the commit: a view computed in between reads the old figures and keeps them under
 * the new count, until the time limit. A writer whose old figures must not be shown for even that
 * long (an erasure: names on the commenter boards) calls this after its commit.
 */
export async function noteCommittedChange(): Promise<void> {
  await pool.query("SELECT nextval('rollup_change_seq')");
}

export async function cachedInsights<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const ttl = cacheSeconds() * 1000;
  if (ttl === 0) return compute();
  const { epoch, lsn } = await currentEpoch();
  const now = Date.now();
  const hit = entries.get(key) as Entry<T> | undefined;
  if (hit && hit.epoch === epoch && hit.expires > now) return hit.value;
  if (!(await readsAreCurrent(lsn))) return compute();
  const value = compute();
  entries.set(key, { epoch, expires: now + ttl, value });
  // A failed computation is not kept.
  value.catch(() => {
    if (entries.get(key)?.value === value) entries.delete(key);
  });
  if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  return value;
}
