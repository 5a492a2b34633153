import { demoComments, planDemo } from "@/lib/demo/generate";
import type { Profile } from "../types";

export type ScoreBenchmark = {
  profile: Profile;
  model: string;
  comments: number;
  meanChars: number;
  medianChars: number;
  /** Importing the model files and building the scorer, first use in this process. */
  loadMs: number;
  /** Sentiment and incivility together, one thread. */
  commentsPerSecond: number;
  rssMB: number;
  peakRssMB: number;
  targets: { commentsPerSecond: number; loadMs: number; rssMB: number; met: boolean };
};

const TARGETS = { commentsPerSecond: 20_000, loadMs: 2_000, rssMB: 300 };
const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;

/** Comments from the demo generator: the mix of civil, uncivil and long comments the demo shows. */
export function demoTexts(count: number, seed: number): string[] {
  const plan = planDemo({ comments: count, seed });
  const texts: string[] = [];
  plan.sources.forEach((_, i) => {
    for (const c of demoComments(plan, i)) texts.push(c.body);
  });
  return texts.slice(0, count);
}

/**
 * Measures the builtin scorer: load time (first import and build), throughput over
 * the texts for at least `minSeconds` after a warm-up pass, and memory.
 */
export async function benchmarkScoring(options: { profile: Profile; texts: readonly string[]; minSeconds: number }): Promise<ScoreBenchmark> {
  const loadStart = performance.now();
  const { builtinEngine } = await import("../builtin");
  const engine = builtinEngine(options.profile);
  const loadMs = Math.round(performance.now() - loadStart);
  const rss = process.memoryUsage().rss;
  let peak = rss;
  const texts = options.texts;
  for (const t of texts.slice(0, 2000)) engine.score(t);
  let scored = 0;
  const started = performance.now();
  let elapsed = 0;
  do {
    for (const t of texts) engine.score(t);
    scored += texts.length;
    peak = Math.max(peak, process.memoryUsage().rss);
    elapsed = (performance.now() - started) / 1000;
  } while (elapsed < options.minSeconds);
  const lengths = texts.map((t) => t.length).sort((a, b) => a - b);
  const commentsPerSecond = Math.round(scored / elapsed);
  const peakRssMB = mb(peak);
  return {
    profile: options.profile,
    model: `${engine.model.name}@${engine.model.version}`,
    comments: texts.length,
    meanChars: Math.round(lengths.reduce((a, b) => a + b, 0) / lengths.length),
    medianChars: lengths[Math.floor(lengths.length / 2)] ?? 0,
    loadMs,
    commentsPerSecond,
    rssMB: mb(rss),
    peakRssMB,
    targets: {
      ...TARGETS,
      met: commentsPerSecond >= TARGETS.commentsPerSecond && loadMs < TARGETS.loadMs && peakRssMB < TARGETS.rssMB,
    },
  };
}
