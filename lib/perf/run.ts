import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "@/lib/runtime/embedded-postgres";
import { freePort } from "@/lib/runtime/free-port";
import { migrateDatabase } from "@/lib/runtime/migrate";
import { ensureBuild } from "@/lib/runtime/build";
import { planDemo, demoComments } from "@/lib/demo/generate";
import { writeDataset } from "./dataset";
import { ScratchDatabases } from "./scratch-databases";
import { measureFileImportInChild } from "./import";
import { measureLoad, percentile, type Latency } from "./load";
import { startWebServer } from "./server";

export type BenchOptions = {
  comments: number;
  seed: number;
  /** Seconds of load per endpoint. */
  seconds: number;
  clients: number;
  perRowSample: number;
  log: (line: string) => void;
};

type Ingest = {
  comments: number;
  seconds: number;
  commentsPerSecond: number;
  peakRssMB: number;
  baselineRssMB: number;
  peakHeapUsedMB: number;
  peakExternalMB: number;
  /** Seconds per phase of the file's transaction: where the import's time goes. */
  phaseSeconds: Record<string, number>;
};
/** Latency under load, and the web server's CPU time per request (Linux; null elsewhere). */
type RouteLatency = Latency & { serverCpuMsPerRequest: number | null };
type Compute = { runs: number; p50: number; p95: number; max: number };
type SizeResult = {
  ingest: Ingest;
  queue: RouteLatency;
  thread: RouteLatency;
  threadList: RouteLatency;
  queueSearch: RouteLatency;
  insights: RouteLatency;
  insightsPage: RouteLatency;
  insightsCompute: Compute;
  export: RouteLatency;
};

/** The Insights data computed from the rollups with the cache off, one at a time: what a request pays after a write. */
async function measureInsightsCompute(runs: number): Promise<Compute> {
  const { loadInsights } = await import("@/lib/analytics/insights");
  const { paramsFromSearch } = await import("@/lib/analytics/filters");
  const previous = process.env.INSIGHTS_CACHE_SECONDS;
  process.env.INSIGHTS_CACHE_SECONDS = "0";
  try {
    const times: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const started = performance.now();
      await loadInsights(paramsFromSearch({}));
      if (i > 0) times.push(performance.now() - started); // the first run warms up
    }
    times.sort((a, b) => a - b);
    const at = (p: number) => Math.round(percentile(times, p) * 10) / 10;
    return { runs, p50: at(50), p95: at(95), max: at(100) };
  } finally {
    if (previous === undefined) delete process.env.INSIGHTS_CACHE_SECONDS;
    else process.env.INSIGHTS_CACHE_SECONDS = previous;
  }
}


async function resetDbModule(url: string) {
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  process.env.DATABASE_URL = url;
}

/** Loads one size of data and measures import and the pages' latency on it. */
async function measureSize(databases: ScratchDatabases, dir: string, comments: number, options: BenchOptions): Promise<SizeResult> {
  const { log } = options;
  const url = await databases.create(`bench_${comments}`);
  await migrateDatabase(url, { quiet: true });
  await resetDbModule(url);
  log(`[${comments}] generating the Disqus export…`);
  const file = await writeDataset(dir, comments, options.seed);
  log(`[${comments}] importing (parse + score + store) in its own process…`);
  const imported = await measureFileImportInChild(file, url);
  await fs.rm(file, { force: true });
  const ingest = {
    comments: imported.comments,
    seconds: imported.importSeconds,
    commentsPerSecond: imported.commentsPerSecond,
    peakRssMB: imported.peakRssMB,
    baselineRssMB: imported.baselineRssMB,
    peakHeapUsedMB: imported.peakHeapUsedMB,
    peakExternalMB: imported.peakExternalMB,
    phaseSeconds: Object.fromEntries(Object.entries(imported.phaseMs ?? {}).map(([phase, ms]) => [phase, Math.round(ms / 100) / 10])),
  };
  log(`[${comments}] ${ingest.commentsPerSecond} comments/s, peak RSS ${ingest.peakRssMB} MB`);

  const { pool } = await import("@/lib/db");
  // What the workers' minute job does after an import: merge the rollups' delta rows.
  const { compactRollups } = await import("@/lib/analytics/rollups");
  await compactRollups();
  // Steady state, as autovacuum leaves it within a minute or two of a large import's commit: the
  // import rewrote each flagged comment after inserting it (flag, then priority), and until the
  // dead index entries are vacuumed a queue page walks past them (33 ms instead of 1.4 ms at 1M).
  await pool.query("VACUUM ANALYZE");
  // And as the checkpointer leaves it: the import and the vacuum leave gigabytes of dirty pages,
  // written out within the next checkpoint interval. Measured during that write-out, the same
  // routes at 1M varied by a factor of two from run to run.
  await pool.query("CHECKPOINT").catch((err: Error) => log(`[${comments}] no CHECKPOINT (${err.message}); figures may include its write-out`));
  const insightsCompute = await measureInsightsCompute(10);
  log(`[${comments}] insights computed with the cache off: p50 ${insightsCompute.p50} ms, p95 ${insightsCompute.p95} ms`);
  const { createUser } = await import("@/lib/auth/users");
  const { issueToken } = await import("@/lib/auth/tokens");
  await createUser({ email: "bench@bench.local", role: "admin", password: "bench-password-1" });
  const token = await issueToken("bench@bench.local", "benchmark");
  // A typical thread (median size) and a typical day for the export.
  const { rows: threads } = await pool.query<{ thread_id: number }>(
    `SELECT thread_id FROM (SELECT thread_id, count(*) AS n FROM comment GROUP BY thread_id) t
     ORDER BY n OFFSET (SELECT count(DISTINCT thread_id) / 2 FROM comment) LIMIT 1`,
  );
  const { rows: days } = await pool.query<{ day: string }>(
    `SELECT to_char(posted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM comment ORDER BY posted_at
     OFFSET (SELECT count(*) / 2 FROM comment) LIMIT 1`,
  );
  await resetDbModule(url);

  const server = await startWebServer(url, await freePort());
  const headers = { authorization: `Bearer ${token}` };
  // API clients (curl, scripts) do not ask for compression; a browser loading a page does, and Next.js gzips it.
  const run = async (name: string, pathOf: () => string, extra: Record<string, string> = {}): Promise<RouteLatency> => {
    const all = { ...headers, ...extra };
    // Warm-up at the measured load: a freshly started server runs unoptimised code for its first seconds
    // (measured on the queue: p95 110–130 ms in the first 10 s after a short warm-up, 45–65 ms after).
    await measureLoad({ url: () => server.baseUrl + pathOf(), headers: all, clients: options.clients, seconds: Math.min(5, options.seconds) });
    const cpuBefore = server.cpuMs();
    const result = await measureLoad({ url: () => server.baseUrl + pathOf(), headers: all, clients: options.clients, seconds: options.seconds });
    const cpuAfter = server.cpuMs();
    const serverCpuMsPerRequest =
      cpuBefore === null || cpuAfter === null || !result.requests ? null : Math.round(((cpuAfter - cpuBefore) / result.requests) * 100) / 100;
    log(`[${comments}] ${name}: p50 ${result.p50} ms, p95 ${result.p95} ms, ${result.requests} requests, ${result.errors} errors, server CPU ${serverCpuMsPerRequest} ms/request`);
    return { ...result, serverCpuMsPerRequest };
  };
  try {
    return {
      ingest,
      queue: await run("queue", () => "/api/v1/queue?status=flagged&limit=50"),
      thread: await run("thread", () => `/api/v1/threads/${threads[0]!.thread_id}`),
      // The Threads page's list (every thread, newest comment first) and the queue narrowed by text.
      threadList: await run("thread list", () => "/api/v1/threads"),
      queueSearch: await run("queue text search", () => "/api/v1/queue?status=flagged&text=idiot&limit=50"),
      // The route handler serving the Insights data, then the whole server-rendered page with its charts.
      insights: await run("insights", () => "/api/v1/insights"),
      insightsPage: await run("insights page", () => "/insights", { "accept-encoding": "gzip" }),
      insightsCompute,
      export: await run("export", () => `/api/v1/reports?format=csv&from=${days[0]!.day}&to=${days[0]!.day}`),
    };
  } finally {
    await server.stop();
  }
}

async function measureScoring(seed: number): Promise<{ comments: number; commentsPerSecond: number }> {
  const { activeScorer } = await import("@/lib/scoring");
  const plan = planDemo({ seed, comments: 50_000, end: new Date("2026-11-01T00:00:00Z") });
  const texts = plan.sources.flatMap((_, i) => [...demoComments(plan, i)].map((c) => c.body));
  const scorer = activeScorer();
  await scorer.scoreTexts(texts.slice(0, 1000)); // warm-up (JIT, lazy model load)
  const started = performance.now();
  for (let i = 0; i < texts.length; i += 1000) await scorer.scoreTexts(texts.slice(i, i + 1000));
  const seconds = (performance.now() - started) / 1000;
  return { comments: texts.length, commentsPerSecond: Math.round(texts.length / seconds) };
}

/**
 * The whole benchmark: a fresh database per size (embedded PostgreSQL, or databases
 * on the DATABASE_URL server), import of a generated Disqus export at N/100 and N,
 * the same work through per-row Prisma calls on a sample, scorer throughput on one
 * core, and latency of the real routes under `next start` with concurrent clients.
 */
export async function runBenchmark(options: BenchOptions) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "cdk-perf-"));
  const external = process.env.DATABASE_URL;
  const cluster = external
    ? null
    : await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: await freePort(), database: "postgres", ephemeral: true });
  const databases = new ScratchDatabases(external ?? cluster!.url);
  try {
    await ensureBuild(options.log);
    const smallN = Math.max(1000, Math.round(options.comments / 100));
    const small = await measureSize(databases, dir, smallN, options);
    const large = await measureSize(databases, dir, options.comments, options);

    options.log(`per-row Prisma path on ${options.perRowSample} comments…`);
    const sampleUrl = await databases.create("bench_per_row");
    await migrateDatabase(sampleUrl, { quiet: true });
    await resetDbModule(sampleUrl);
    const sampleFile = await writeDataset(dir, options.perRowSample, options.seed + 1);
    const { importPerRow } = await import("./per-row");
    const perRow = await importPerRow(sampleFile, "per-row-sample");

    options.log("scorer throughput on one core…");
    const score = await measureScoring(options.seed);
    const { disconnectDb } = await import("@/lib/db");
    await disconnectDb();
    const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : null);
    return {
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", memoryGB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
      comments: options.comments,
      smallComments: smallN,
      clients: options.clients,
      ingest: { ...large.ingest, perRowCommentsPerSecond: perRow.commentsPerSecond, perRowSample: perRow.comments },
      ingestSmall: small.ingest,
      ingestSpeedupVsPerRow: ratio(large.ingest.commentsPerSecond, perRow.commentsPerSecond),
      score,
      queue: { ...large.queue, small: small.queue },
      queueP95Ratio: ratio(large.queue.p95, small.queue.p95),
      thread: { ...large.thread, small: small.thread },
      threadList: { ...large.threadList, small: small.threadList },
      queueSearch: { ...large.queueSearch, small: small.queueSearch },
      insights: { ...large.insights, small: small.insights },
      insightsPage: { ...large.insightsPage, small: small.insightsPage },
      insightsCompute: { ...large.insightsCompute, small: small.insightsCompute },
      export: { ...large.export, small: small.export },
    };
  } finally {
    const { disconnectDb } = await import("@/lib/db");
    await disconnectDb().catch(() => {});
    // On a DATABASE_URL server the scratch databases go; a throwaway cluster goes whole.
    if (external) await databases.dropAll().catch((err: Error) => options.log(`could not drop the benchmark's databases: ${err.message}`));
    await cluster?.stop().catch(() => {});
    await fs.rm(dir, { recursive: true, force: true });
  }
}
