import { z } from "zod";
import { pool } from "@/lib/db";

/**
 * Computed Insights kept per filter set until the rollups under them change (a sequence
 * bumped by a statement trigger on every rollup table) or `INSIGHTS_CACHE_SECONDS` pass
 * (default 10; 0 turns the cache off). Identical requests that arrive while one is being
 * computed share its result, so a newsroom opening the same default view at once costs
 * one computation. The time limit bounds the one race left: a write that bumps the counter
 * and commits while a computation that could not yet see it is running.
 */
const secondsSchema = z.coerce.number().min(0).max(3600).default(10);
const MAX_ENTRIES = 200;

type Entry<T> = { epoch: string; expires: number; value: Promise<T> };
const entries = new Map<string, Entry<unknown>>();

export function cacheSeconds(env: Record<string, string | undefined> = process.env): number {
  return secondsSchema.parse(env.INSIGHTS_CACHE_SECONDS || undefined);
}

/**
 * Read from the primary: a replica sees a sequence move only every few dozen steps (sequences are
 * logged ahead in batches), so a decision would not end the cached figures there.
 */
async function currentEpoch(): Promise<string> {
  const { rows } = await pool.query<{ v: string }>("SELECT last_value::text AS v FROM rollup_change_seq");
  return rows[0]!.v;
}

export async function cachedInsights<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const ttl = cacheSeconds() * 1000;
  if (ttl === 0) return compute();
  const epoch = await currentEpoch();
  const now = Date.now();
  const hit = entries.get(key) as Entry<T> | undefined;
  if (hit && hit.epoch === epoch && hit.expires > now) return hit.value;
  const value = compute();
  entries.set(key, { epoch, expires: now + ttl, value });
  // A failed computation is not kept.
  value.catch(() => {
    if (entries.get(key)?.value === value) entries.delete(key);
  });
  if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  return value;
}
