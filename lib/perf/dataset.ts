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

/** Samples this process's resident memory every 50 ms while `work` runs. */
export async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakRssMB: number; seconds: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  const started = performance.now();
  try {
    const result = await work();
    return { result, peakRssMB: Math.round(Math.max(peak, process.memoryUsage.rss()) / 2 ** 20), seconds: (performance.now() - started) / 1000 };
  } finally {
    clearInterval(timer);
  }
}
