import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "@/lib/runtime/embedded-postgres";
import { freePort } from "@/lib/runtime/free-port";
import { migrateDatabase } from "@/lib/runtime/migrate";
import type { FileSummary } from "@/lib/ingest/import-files";
import { withPeakRss, writeDataset } from "./dataset";

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
    log(`generating ${options.comments} comments as Disqus XML…`);
    const generated = performance.now();
    const file = await writeDataset(dir, options.comments, options.seed);
    const generateSeconds = (performance.now() - generated) / 1000;
    const fileMB = (await fsp.stat(file)).size / 2 ** 20;
    log(`wrote ${fileMB.toFixed(1)} MB in ${generateSeconds.toFixed(1)} s; importing…`);

    const { importFiles } = await import("@/lib/ingest/import-files");
    const { disconnectDb } = await import("@/lib/db");
    global.gc?.();
    try {
      const imported = await withPeakRss(() => importFiles([file]));
      const summary = imported.result;
      if (summary.rejected.length) throw new Error(`the generated export was rejected: ${summary.rejected[0]!.message}`);
      return {
        comments: summary.comments,
        threads: summary.threads,
        fileMB: Number(fileMB.toFixed(1)),
        generateSeconds: Number(generateSeconds.toFixed(2)),
        importSeconds: Number(imported.seconds.toFixed(2)),
        commentsPerSecond: Math.round(summary.comments / imported.seconds),
        peakRssMB: imported.peakRssMB,
        baselineRssMB: imported.baselineRssMB,
        peakHeapUsedMB: imported.peakHeapUsedMB,
        inserted: summary.inserted,
        scored: summary.perFile[0]?.scored ?? 0,
        phaseMs: summary.perFile[0]?.phaseMs ?? null,
      };
    } finally {
      await disconnectDb();
    }
  } finally {
    await cluster.stop().catch(() => {});
    await fsp.rm(dir, { recursive: true, force: true });
  }
}
