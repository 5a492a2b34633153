import http from "node:http";

/** Latency figures in milliseconds. */
export type Latency = { requests: number; errors: number; p50: number; p95: number; p99: number; max: number; requestsPerSecond: number };

/** The p-th percentile (0–100) of ascending values, by the nearest-rank rule. */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** One GET over a kept-alive socket; resolves with the status once the whole body is read. */
function get(url: string, headers: Record<string, string>, agent: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers, agent, timeout: 30_000 }, (response) => {
      response.on("data", () => {});
      response.on("end", () => resolve(response.statusCode ?? 0));
      response.on("error", reject);
    });
    request.on("timeout", () => request.destroy(new Error("timed out after 30 s")));
    request.on("error", reject);
  });
}

/**
 * Closed-loop load: `clients` concurrent clients each send a request as soon as
 * their previous response is fully read, for `seconds`. Every latency is kept, so
 * percentiles are exact; a non-2xx answer or a network error counts as an error.
 * Each client keeps one socket alive and reads bodies as they arrive, without
 * decoding them: the load generator shares the machine with the server, so it
 * should spend as little CPU as it can.
 */
export async function measureLoad(options: {
  url: () => string;
  headers?: Record<string, string>;
  /** Headers per client (e.g. one session cookie each), called once when each client starts. */
  headersFor?: () => Record<string, string>;
  clients: number;
  seconds: number;
  maxRequests?: number;
}): Promise<Latency> {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + options.seconds * 1000;
  const limit = options.maxRequests ?? Number.POSITIVE_INFINITY;
  const started = performance.now();
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.clients });
  const client = async () => {
    const headers = { ...options.headers, ...options.headersFor?.() };
    while (performance.now() < deadline && latencies.length + errors < limit) {
      const t = performance.now();
      try {
        const status = await get(options.url(), headers, agent);
        if (status >= 200 && status < 300) latencies.push(performance.now() - t);
        else errors++;
      } catch {
        errors++;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: options.clients }, client));
  } finally {
    agent.destroy();
  }
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    requests: latencies.length,
    errors,
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    max: round(latencies[latencies.length - 1] ?? 0),
    requestsPerSecond: round(latencies.length / elapsed),
  };
}
