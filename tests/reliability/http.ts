import http from "node:http";

export type HttpResult = { status: number; body: string; ms: number };

/**
 * One HTTP request on a fresh connection with a hard timeout. Fault runs use this
 * rather than fetch: across a database restart a pooled keep-alive connection of
 * fetch was seen to hang without its abort signal ever firing.
 */
export function request(url: string, options: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {}): Promise<HttpResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? "GET", headers: options.headers, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, ms: performance.now() - started }));
      res.on("error", reject);
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${options.timeoutMs ?? 15_000} ms`)), options.timeoutMs ?? 15_000);
    req.on("close", () => clearTimeout(timer));
    req.on("error", reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}
