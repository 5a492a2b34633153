import fs from "node:fs";
import fsp from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { planDemo } from "@/lib/demo/generate";
import { writeDisqusExport } from "@/lib/demo/disqus-xml";
import { startEmbeddedPostgres } from "@/lib/runtime/embedded-postgres";
import { migrateDatabase } from "@/lib/runtime/migrate";
import type { FileSummary } from "./import-files";

export type ImportBenchmark = {
  comments: number;
  threads: number;
  fileMB: number;
  generateSeconds: number;
  importSeconds: number;
  commentsPerSecond: number;
  /** Peak resident memory of this process while importing, sampled every 50 ms. */
  peakRssMB: number;
  /** Resident memory before the import started (runtime, modules, generator). */
  baselineRssMB: number;
  /** Largest JavaScript heap in use while importing (garbage included until collected). */
  peakHeapUsedMB: number;
  inserted: number;
  scored: number;
  /** Where the import's time went (milliseconds per phase of the file's transaction). */
  phaseMs: FileSummary["phaseMs"] | null;
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const MB = 1024 * 1024;

/**
 * End-to-end import benchmark: generates a Disqus XML export of `comments`
 * demo comments, imports it (parse, stage, store, score, flag) into a throwaway
 * embedded PostgreSQL and reports throughput and peak memory. The database's own
 * memory is a separate process and not counted.
 */
export async function runImportBenchmark(options: { comments: number; seed: number; log?: (line: string) => void }): Promise<ImportBenchmark> {
  const log = options.log ?? (() => {});
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "cdk-bench-"));
  const cluster = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: await freePort(), database: "bench", ephemeral: true });
  try {
    await migrateDatabase(cluster.url, { quiet: true });
    process.env.DATABASE_URL = cluster.url;
    const file = path.join(dir, "export.xml");
    log(`generating ${options.comments} comments as Disqus XML…`);
    const generated = performance.now();
    const plan = planDemo({ comments: options.comments, seed: options.seed, end: new Date("2026-11-01T00:00:00Z") });
    const out = fs.createWriteStream(file);
    const written = await writeDisqusExport(plan, out);
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    const generateSeconds = (performance.now() - generated) / 1000;
    const fileMB = (await fsp.stat(file)).size / MB;
    log(`wrote ${fileMB.toFixed(1)} MB in ${generateSeconds.toFixed(1)} s; importing…`);

    const { importFiles } = await import("./import-files");
    const { disconnectDb } = await import("@/lib/db");
    global.gc?.();
    const baseline = process.memoryUsage.rss();
    let peak = baseline;
    let peakHeap = 0;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peak = Math.max(peak, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 50);
    const started = performance.now();
    try {
      const summary = await importFiles([file]);
      const importSeconds = (performance.now() - started) / 1000;
      if (summary.rejected.length) throw new Error(`the generated export was rejected: ${summary.rejected[0]!.message}`);
      return {
        comments: summary.comments,
        threads: written.threads,
        fileMB: Number(fileMB.toFixed(1)),
        generateSeconds: Number(generateSeconds.toFixed(2)),
        importSeconds: Number(importSeconds.toFixed(2)),
        commentsPerSecond: Math.round(summary.comments / importSeconds),
        peakRssMB: Math.round(Math.max(peak, process.memoryUsage.rss()) / MB),
        baselineRssMB: Math.round(baseline / MB),
        peakHeapUsedMB: Math.round(peakHeap / MB),
        inserted: summary.inserted,
        scored: summary.perFile[0]?.scored ?? 0,
        phaseMs: summary.perFile[0]?.phaseMs ?? null,
      };
    } finally {
      clearInterval(sampler);
      await disconnectDb();
    }
  } finally {
    await cluster.stop().catch(() => {});
    await fsp.rm(dir, { recursive: true, force: true });
  }
}
