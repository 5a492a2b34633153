import { pool } from "@/lib/db";
import { measureLoad, type Latency } from "@/lib/perf/load";
import type { Stack } from "./stack";
import { signInCookie } from "./stack";
import type { PartResult } from "./faults";

/**
 * `sessions` signed-in browser sessions (cookies, not tokens) hammer the queue, a
 * thread page and the insights page for `seconds` over loopback. Any error is a loss.
 */
export async function sessionLoad(stack: Stack, options: { sessions: number; seconds: number; log: (l: string) => void }) {
  const { baseUrl } = stack.web;
  process.env.DATABASE_URL = stack.database.url;
  const { rows } = await pool.query<{ id: number }>("SELECT thread_id AS id FROM comment GROUP BY thread_id ORDER BY count(*) DESC LIMIT 10");
  const threads = rows.map((r) => r.id);
  // Admins may open all three pages; each session signs in on its own.
  const cookies: string[] = [];
  for (let i = 0; i < options.sessions; i++) cookies.push(await signInCookie(baseUrl, "admin@demo.local", "demo-admin-pass"));
  const targets: [string, () => string][] = [
    ["queue", () => "/queue?status=flagged"],
    ["thread", () => `/threads/${threads[Math.floor(Math.random() * threads.length)]}`],
    ["insights", () => "/insights"],
  ];
  const results: Record<string, Latency> = {};
  let tried = 0;
  let errors = 0;
  for (const [name, path] of targets) {
    let next = 0;
    // Each client is one session: its cookie is fixed for its whole run.
    const latency = await measureLoad({
      url: () => baseUrl + path(),
      headersFor: () => ({ cookie: cookies[next++ % cookies.length]!, "accept-encoding": "gzip" }), // as a browser asks
      clients: options.sessions,
      seconds: options.seconds / targets.length,
    });
    results[name] = latency;
    tried += latency.requests + latency.errors;
    errors += latency.errors;
    options.log(`${name}: ${latency.requests} requests, ${latency.errors} errors, p50 ${latency.p50} ms, p95 ${latency.p95} ms, p99 ${latency.p99} ms`);
  }
  const part: PartResult = {
    part: `load: ${options.sessions} sessions for ${options.seconds} s`,
    tried,
    faults: 0,
    losses: errors,
    notes: Object.entries(results).map(([k, l]) => `${k}: p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms, ${l.requestsPerSecond} req/s`),
  };
  return { part, results };
}
