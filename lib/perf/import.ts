import { spawn } from "node:child_process";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "@/lib/runtime/embedded-postgres";
import { freePort } from "@/lib/runtime/free-port";
import { migrateDatabase } from "@/lib/runtime/migrate";
import type { FileSummary } from "@/lib/ingest/import-files";
import { withPeakRss, writeDataset } from "./dataset";

/** What importing one file measured, in the process that imported it. */
export type FileImportMeasure = {
  comments: number;
  threads: number;
  inserted: number;
  scored: number;
  importSeconds: number;
  commentsPerSecond: number;
  /** Peak resident memory of the importing process, sampled every 50 ms. */
  peakRssMB: number;
  /** Resident memory before the import started (runtime, modules, scoring model). */
  baselineRssMB: number;
  /** Largest JavaScript heap in use while importing (garbage included until collected). */
  peakHeapUsedMB: number;
  /** Largest memory outside the heap (Buffers, the database driver's I/O). */
  peakExternalMB: number;
  /** Where the import's time went (milliseconds per phase of the file's transaction). */
  phaseMs: FileSummary["phaseMs"] | null;
};

export type ImportBenchmark = FileImportMeasure & { fileMB: number; generateSeconds: number };

/**
 * Imports one file into DATABASE_URL in this process and measures it. The full
 * benchmark runs this in a child process per size, as `npm run import` runs:
 * memory is then the import's own, not what earlier sizes and routes left behind.
 */
export async function measureFileImport(file: string): Promise<FileImportMeasure> {
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
      inserted: summary.inserted,
      scored: summary.perFile[0]?.scored ?? 0,
      importSeconds: Number(imported.seconds.toFixed(2)),
      commentsPerSecond: Math.round(summary.comments / imported.seconds),
      peakRssMB: imported.peakRssMB,
      baselineRssMB: imported.baselineRssMB,
      peakHeapUsedMB: imported.peakHeapUsedMB,
      peakExternalMB: imported.peakExternalMB,
      phaseMs: summary.perFile[0]?.phaseMs ?? null,
    };
  } finally {
    await disconnectDb();
  }
}

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
    const measured = await measureFileImport(file);
    return { ...measured, fileMB: Number(fileMB.toFixed(1)), generateSeconds: Number(generateSeconds.toFixed(2)) };
  } finally {
    await cluster.stop().catch(() => {});
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

/**
 * Runs measureFileImport in a fresh Node process with the memory limit `npm run import`
 * has, against `databaseUrl`. Its progress goes to this process's standard error.
 */
export async function measureFileImportInChild(file: string, databaseUrl: string): Promise<FileImportMeasure> {
  const child = spawn(
    process.execPath,
    ["--max-old-space-size=256", "--expose-gc", "--import", "tsx", path.join(import.meta.dirname, "import-child.ts"), file],
    { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ["ignore", "pipe", "inherit"] },
  );
  let out = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (code !== 0) throw new Error(`the import of ${path.basename(file)} failed in its process (exit code ${code})`);
  return JSON.parse(out.trim().split("\n").pop()!) as FileImportMeasure;
}
