import type { Pool, PoolClient } from "pg";
import { inTransaction, pool } from "@/lib/db";

/**
 * The rollup tables and how their rows are keyed and summed. Kept by database
 * triggers (see the insights_rollups migration): every write to comment, score,
 * decision or thread appends signed delta rows, queries sum them per key.
 */
export const ROLLUP_TABLES = {
  rollup_day: { keys: ["day", "source_id", "section"], measures: ["comments", "removed", "flagged", "open"] },
  rollup_day_score: {
    keys: ["day", "source_id", "section", "model", "model_version"],
    measures: ["scored", "sentiment_sum", "negative", "positive", "uncivil"],
  },
  rollup_sentiment_bin: { keys: ["day", "source_id", "section", "model", "model_version", "bin"], measures: ["comments"] },
  rollup_attribute_day: {
    keys: ["day", "source_id", "section", "model", "model_version", "attribute"],
    measures: ["scored", "present", "score_sum"],
  },
  rollup_thread_day: { keys: ["day", "thread_id"], measures: ["comments", "removed", "flagged"] },
  rollup_thread_day_score: {
    keys: ["day", "thread_id", "model", "model_version"],
    measures: ["scored", "sentiment_sum", "negative", "uncivil"],
  },
  rollup_commenter_day: { keys: ["day", "source_id", "section", "commenter_id"], measures: ["comments", "flagged", "removed"] },
  rollup_word_day: {
    keys: ["day", "source_id", "section", "model", "model_version", "word"],
    measures: ["comments", "negative", "uncivil"],
  },
  rollup_decision_day: {
    keys: ["day", "source_id", "section", "action", "latency_bucket"],
    measures: ["decisions", "entered_queue", "left_queue"],
  },
} as const;
export type RollupTable = keyof typeof ROLLUP_TABLES;

/** Merges each key's delta rows into one. Skips (returns 0) when another compaction or a rebuild runs. */
export async function compactRollups(client: Pool | PoolClient = pool): Promise<number> {
  const { rows } = await client.query<{ merged: string }>("SELECT rollup_compact() AS merged");
  return Number(rows[0]!.merged);
}

/** Recomputes every rollup from comments, scores and decisions (repair; time zone changes do it themselves). */
export async function rebuildRollups(): Promise<void> {
  await inTransaction((client) => client.query("SELECT rollup_rebuild()"));
}

export type RollupDifference = { table: RollupTable; key: Record<string, unknown>; kept: Record<string, number> | null; rebuilt: Record<string, number> | null };

/**
 * Compares the incrementally kept rollups with a from-scratch rebuild (done in a
 * transaction that is rolled back) and returns every key whose sums differ.
 * Empty means the triggers kept the rollups exact. Writers wait while it runs.
 */
export async function checkRollups(): Promise<RollupDifference[]> {
  const client = await pool.connect();
  const sums = async () => {
    const out = new Map<string, { table: RollupTable; key: Record<string, unknown>; values: Record<string, number> }>();
    for (const [table, { keys, measures }] of Object.entries(ROLLUP_TABLES) as [RollupTable, (typeof ROLLUP_TABLES)[RollupTable]][]) {
      const { rows } = await client.query(
        `SELECT ${keys.map((k) => `"${k}"::text AS "${k}"`).join(", ")},
                ${measures.map((m) => `round(sum("${m}")::numeric, 6)::float8 AS "${m}"`).join(", ")}
         FROM ${table} GROUP BY ${keys.map((k) => `"${k}"`).join(", ")}`,
      );
      for (const row of rows) {
        const values = Object.fromEntries(measures.map((m) => [m, row[m] as number]));
        if (Object.values(values).every((v) => v === 0)) continue;
        const key = Object.fromEntries(keys.map((k) => [k, row[k]]));
        out.set(`${table}|${JSON.stringify(key)}`, { table, key, values });
      }
    }
    return out;
  };
  try {
    await client.query("BEGIN");
    const kept = await sums();
    await client.query("SELECT rollup_rebuild()");
    const rebuilt = await sums();
    await client.query("ROLLBACK");
    const differences: RollupDifference[] = [];
    for (const id of new Set([...kept.keys(), ...rebuilt.keys()])) {
      const a = kept.get(id);
      const b = rebuilt.get(id);
      if (a && b && JSON.stringify(a.values) === JSON.stringify(b.values)) continue;
      const { table, key } = (a ?? b)!;
      differences.push({ table, key, kept: a?.values ?? null, rebuilt: b?.values ?? null });
    }
    return differences;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

const COMPACT_EVERY_MS = 60_000;
let lastCompaction = 0;

/**
 * Compacts in the background at most once a minute per process, so the delta rows
 * a busy day appends never pile up between page views. Never delays the caller.
 */
export function compactRollupsSoon(): void {
  const now = Date.now();
  if (now - lastCompaction < COMPACT_EVERY_MS) return;
  lastCompaction = now;
  compactRollups().catch((err) => console.error(`[insights] rollup compaction failed: ${err instanceof Error ? err.message : err}`));
}
