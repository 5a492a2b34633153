import { once } from "node:events";
import { Writable } from "node:stream";
import { disconnectDb, pool } from "@/lib/db";
import type { ScratchDatabases } from "@/lib/perf/scratch-databases";
import { ensureDemoUsers, seedDemoData } from "@/lib/demo/seed";
import { decideComments } from "@/lib/moderation/decide";
import { exportChunks } from "@/lib/reports/export";
import { reportFiltersSchema } from "@/lib/reports/filters";
import { loadInsights } from "./insights";
import { paramsFromSearch } from "./filters";
import { compactRollups } from "./rollups";
import { ROLLUP_TABLES } from "./rollups";

export type RollupBenchmark = {
  comments: number;
  ingestWithRollupsPerSecond: number;
  ingestWithoutRollupsPerSecond: number;
  ingestOverheadPercent: number;
  triggerMsPerThousandComments: number;
  triggerShareOfIngestPercent: number;
  bulkDecisionMsWithRollups: number;
  bulkDecisionMsWithoutRollups: number;
  rollupRows: number;
  compactMs: number;
  insights30dP50Ms: number;
  insights30dP95Ms: number;
  insights90dP50Ms: number;
  insights90dP95Ms: number;
  exportRows: number;
  exportRowsPerSecond: number;
  exportPeakRssMb: number;
  exportRssGrowthMb: number;
};

const TRIGGER_TABLES = ["comment", "score", "decision", "thread"];

/** Points this process at a fresh copy of the migrated, empty template database. */
async function useDatabase(databases: ScratchDatabases, templateUrl: string, name: string): Promise<void> {
  await disconnectDb();
  process.env.DATABASE_URL = await databases.create(name, new URL(templateUrl).pathname.slice(1));
}

async function setRollupTriggers(enabled: boolean): Promise<void> {
  for (const table of TRIGGER_TABLES) {
    const { rows } = await pool.query<{ tgname: string }>(
      "SELECT tgname FROM pg_trigger WHERE tgrelid = $1::regclass AND tgname LIKE 'rollup%'",
      [table],
    );
    for (const { tgname } of rows) await pool.query(`ALTER TABLE ${table} ${enabled ? "ENABLE" : "DISABLE"} TRIGGER ${tgname}`);
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function ingest(comments: number, rollups: boolean): Promise<{ perSecond: number; decisionMs: number; triggerMs: number; ingestMs: number }> {
  await setRollupTriggers(rollups);
  await ensureDemoUsers();
  // Time spent inside the rollup trigger functions, as Postgres counts it.
  await pool.query(`ALTER DATABASE ${new URL(process.env.DATABASE_URL!).pathname.slice(1)} SET track_functions = 'all'`);
  await disconnectDb();
  await pool.query("SELECT pg_stat_reset()");
  const started = performance.now();
  await seedDemoData({ comments, seed: 7 });
  const ingestMs = performance.now() - started;
  const perSecond = comments / (ingestMs / 1000);
  await pool.query("SELECT pg_stat_force_next_flush()");
  const stats = await pool.query<{ ms: number }>(
    "SELECT coalesce(sum(total_time), 0)::float8 AS ms FROM pg_stat_user_functions WHERE funcname LIKE 'rollup_on_%'",
  );
  const triggerMs = stats.rows[0]!.ms;
  const { rows } = await pool.query<{ id: number; mod_version: number }>(
    "SELECT id, mod_version FROM comment WHERE mod_status = 'none' ORDER BY id LIMIT 2000",
  );
  const user = await pool.query<{ id: number }>("SELECT id FROM app_user ORDER BY id LIMIT 1");
  const t = performance.now();
  await decideComments(rows.map((r) => ({ id: r.id, modVersion: r.mod_version })), { action: "approve", userId: user.rows[0]!.id, via: "bench" });
  return { perSecond, decisionMs: performance.now() - t, triggerMs, ingestMs };
}

/** The Insights data computed, with the cache off: with it on, every run after the first timed a cache hit. */
async function timeInsights(query: string, runs: number): Promise<{ p50: number; p95: number }> {
  const previous = process.env.INSIGHTS_CACHE_SECONDS;
  process.env.INSIGHTS_CACHE_SECONDS = "0";
  try {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await loadInsights(paramsFromSearch(new URLSearchParams(query)));
      times.push(performance.now() - t);
    }
    return { p50: percentile(times, 50), p95: percentile(times, 95) };
  } finally {
    if (previous === undefined) delete process.env.INSIGHTS_CACHE_SECONDS;
    else process.env.INSIGHTS_CACHE_SECONDS = previous;
  }
}

/** Clones comments (rollup triggers off: only the export reads them) until the table holds `rows`. */
async function growComments(rows: number): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("SET session_replication_role = replica");
    for (;;) {
      const { rows: count } = await client.query<{ n: number; top: number }>("SELECT count(*)::int AS n, max(id) AS top FROM comment");
      const missing = rows - count[0]!.n;
      if (missing <= 0) break;
      await client.query(
        `INSERT INTO comment (source_id, thread_id, source_comment_id, author_name, body, posted_at, content_hash, mod_status)
         SELECT source_id, thread_id, 'copy-' || (id + $1) , author_name, body, posted_at - interval '1 second', content_hash, mod_status
         FROM comment ORDER BY id LIMIT $2`,
        [count[0]!.top, Math.min(missing, 200_000)],
      );
    }
  } finally {
    await client.query("SET session_replication_role = origin").catch(() => {});
    client.release();
  }
}

async function timeExport(): Promise<{ rows: number; perSecond: number; peakRssMb: number; growthMb: number }> {
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
  const sink = new Writable({ write: (_chunk, _enc, done) => done() });
  let rows = -1;
  const started = performance.now();
  for await (const chunk of exportChunks({ format: "csv", bom: false, filters: reportFiltersSchema.parse({}) }, { userId: null, via: "cli" })) {
    rows++;
    if (!sink.write(chunk)) await once(sink, "drain");
  }
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  return { rows, perSecond: rows / seconds, peakRssMb: peak / 2 ** 20, growthMb: (peak - baseline) / 2 ** 20 };
}

/**
 * Measures what the rollup triggers cost writers (demo ingest and a 2,000-comment bulk
 * decision, with and without them, each on a fresh copy of the migrated database),
 * how fast the Insights page's queries answer, and a CSV export's speed and memory.
 */
export async function benchmarkRollups(
  templateUrl: string,
  databases: ScratchDatabases,
  options: { comments: number; exportRows: number; log: (line: string) => void },
): Promise<RollupBenchmark> {
  const { comments, log } = options;
  // Warm-up (scorer lexicons, plans) so neither measured run pays for it.
  await useDatabase(databases, templateUrl, "bench_warmup");
  await ingest(Math.min(1000, comments), true);
  await useDatabase(databases, templateUrl, "bench_without_rollups");
  const without = await ingest(comments, false);
  log(`ingest without rollup triggers: ${Math.round(without.perSecond)} comments/s; bulk decision of 2,000: ${without.decisionMs.toFixed(0)} ms`);
  await useDatabase(databases, templateUrl, "bench_with_rollups");
  const withRollups = await ingest(comments, true);
  log(`ingest with rollup triggers:    ${Math.round(withRollups.perSecond)} comments/s; bulk decision of 2,000: ${withRollups.decisionMs.toFixed(0)} ms`);
  const triggerShare = (withRollups.triggerMs / withRollups.ingestMs) * 100;
  log(`time inside rollup triggers during that ingest: ${withRollups.triggerMs.toFixed(0)} ms of ${withRollups.ingestMs.toFixed(0)} ms (${triggerShare.toFixed(1)}%), ${((withRollups.triggerMs / comments) * 1000).toFixed(0)} µs per comment`);
  let rollupRows = 0;
  for (const table of Object.keys(ROLLUP_TABLES)) rollupRows += (await pool.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
  const t = performance.now();
  await compactRollups();
  const compactMs = performance.now() - t;
  let compacted = 0;
  for (const table of Object.keys(ROLLUP_TABLES)) compacted += (await pool.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
  log(`rollup rows: ${rollupRows} before compaction, ${compacted} after (${compactMs.toFixed(0)} ms) for ${comments} comments`);
  await pool.query("ANALYZE");
  await timeInsights("", 3);
  const d30 = await timeInsights("", 20);
  const { rows: range } = await pool.query("SELECT to_char(max(posted_at)::date - 89, 'YYYY-MM-DD') AS from, to_char(max(posted_at)::date, 'YYYY-MM-DD') AS to FROM comment");
  const d90 = await timeInsights(`from=${range[0].from}&to=${range[0].to}&bucket=week`, 20);
  log(`insights page data, 30 days: p50 ${d30.p50.toFixed(0)} ms, p95 ${d30.p95.toFixed(0)} ms; 90 days by week: p50 ${d90.p50.toFixed(0)} ms, p95 ${d90.p95.toFixed(0)} ms`);
  if (options.exportRows > comments) await growComments(options.exportRows);
  const exported = await timeExport();
  log(`CSV export: ${exported.rows} rows at ${Math.round(exported.perSecond)} rows/s, peak RSS ${exported.peakRssMb.toFixed(0)} MB (+${exported.growthMb.toFixed(0)} MB while streaming)`);
  await disconnectDb();
  return {
    comments,
    ingestWithRollupsPerSecond: Math.round(withRollups.perSecond),
    ingestWithoutRollupsPerSecond: Math.round(without.perSecond),
    ingestOverheadPercent: Math.round((without.perSecond / withRollups.perSecond - 1) * 1000) / 10,
    triggerMsPerThousandComments: Math.round((withRollups.triggerMs / comments) * 1000),
    triggerShareOfIngestPercent: Math.round(triggerShare * 10) / 10,
    bulkDecisionMsWithRollups: Math.round(withRollups.decisionMs),
    bulkDecisionMsWithoutRollups: Math.round(without.decisionMs),
    rollupRows: compacted,
    compactMs: Math.round(compactMs),
    insights30dP50Ms: Math.round(d30.p50),
    insights30dP95Ms: Math.round(d30.p95),
    insights90dP50Ms: Math.round(d90.p50),
    insights90dP95Ms: Math.round(d90.p95),
    exportRows: exported.rows,
    exportRowsPerSecond: Math.round(exported.perSecond),
    exportPeakRssMb: Math.round(exported.peakRssMb),
    exportRssGrowthMb: Math.round(exported.growthMb),
  };
}
