/** Latency figures in milliseconds. */
export type Latency = { requests: number; errors: number; p50: number; p95: number; p99: number; max: number; requestsPerSecond: number };

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Closed-loop load: `clients` concurrent clients each send a request as soon as
 * their previous response is fully read, for `seconds`. Every latency is kept, so
 * percentiles are exact; a non-2xx answer or a network error counts as an error.
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
  const client = async () => {
    const headers = { ...options.headers, ...options.headersFor?.() };
    while (performance.now() < deadline && latencies.length + errors < limit) {
      const t = performance.now();
      try {
        const response = await fetch(options.url(), { headers, redirect: "manual", signal: AbortSignal.timeout(30_000) });
        await response.arrayBuffer();
        if (response.ok) latencies.push(performance.now() - t);
        else errors++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: options.clients }, client));
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
