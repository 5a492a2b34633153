import fs from "node:fs";
import path from "node:path";
import { planDemo } from "@/lib/demo/generate";
import { writeDisqusExport } from "@/lib/demo/disqus-xml";

/** Writes the deterministic demo data of `comments` comments as one Disqus XML export. */
export async function writeDataset(dir: string, comments: number, seed: number): Promise<string> {
  const file = path.join(dir, `disqus-${comments}.xml`);
  const plan = planDemo({ comments, seed, end: new Date("2026-11-01T00:00:00Z") });
  const out = fs.createWriteStream(file);
  await writeDisqusExport(plan, out);
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return file;
}

export type MemoryPeaks = {
  peakRssMB: number;
  /** Resident memory when the work started: runtime, modules, the scoring model. */
  baselineRssMB: number;
  /** Largest JavaScript heap in use seen while working: what the work holds, garbage included until collected. */
  peakHeapUsedMB: number;
  /** Largest memory outside the heap (Buffers, the database driver's I/O). */
  peakExternalMB: number;
};

/** Samples this process's memory every 50 ms while `work` runs. */
export async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number } & MemoryPeaks> {
  const MB = 2 ** 20;
  const baseline = process.memoryUsage.rss();
  const peak = { rss: baseline, heap: 0, external: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heap = Math.max(peak.heap, m.heapUsed);
    peak.external = Math.max(peak.external, m.external);
  };
  sample();
  const timer = setInterval(sample, 50);
  const started = performance.now();
  try {
    const result = await work();
    sample();
    return {
      result,
      seconds: (performance.now() - started) / 1000,
      peakRssMB: Math.round(peak.rss / MB),
      baselineRssMB: Math.round(baseline / MB),
      peakHeapUsedMB: Math.round(peak.heap / MB),
      peakExternalMB: Math.round(peak.external / MB),
    };
  } finally {
    clearInterval(timer);
  }
}
