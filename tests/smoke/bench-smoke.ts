/**
 * Runs the benchmark at a tiny size to prove it works end to end (not how fast):
 * every figure must be present, positive and error-free.
 */
import assert from "node:assert/strict";
import { runBenchmark } from "@/lib/perf/run";

const report = await runBenchmark({ comments: 1000, seed: 3, seconds: 1, clients: 2, perRowSample: 200, log: () => {} });
const positive = (value: unknown, name: string) => assert.ok(typeof value === "number" && value > 0, `${name} should be a positive number, got ${value}`);
positive(report.ingest.commentsPerSecond, "ingest.commentsPerSecond");
positive(report.ingest.peakRssMB, "ingest.peakRssMB");
positive(report.ingest.perRowCommentsPerSecond, "ingest.perRowCommentsPerSecond");
positive(report.ingestSpeedupVsPerRow, "ingestSpeedupVsPerRow");
positive(report.score.commentsPerSecond, "score.commentsPerSecond");
positive(report.queueP95Ratio, "queueP95Ratio");
for (const name of ["queue", "thread", "threadList", "queueSearch", "insights", "insightsPage", "export"] as const) {
  const figures = report[name];
  positive(figures.requests, `${name}.requests`);
  positive(figures.p95, `${name}.p95`);
  if (process.platform === "linux") positive(figures.serverCpuMsPerRequest, `${name}.serverCpuMsPerRequest`);
  assert.equal(figures.errors, 0, `${name} had errors`);
  assert.equal(figures.small.errors, 0, `${name} (small) had errors`);
}
process.stdout.write(`benchmark smoke run passed: ingest ${report.ingest.commentsPerSecond}/s, queue p95 ${report.queue.p95} ms\n`);
process.exit(0);
