/**
 * The client's address as the outermost of `proxies` trusted proxies saw it: that many entries
 * from the right of X-Forwarded-For, which each proxy appends to. Entries further left are
 * whatever the client wrote. With no trusted proxy (or too few entries) it is "unknown", and
 * sign-in failures are limited per account only.
 */
export function clientAddress(headers: Record<string, unknown> | undefined, proxies: number): string {
  if (proxies < 1) return "unknown";
  const forwarded = headers?.["x-forwarded-for"];
  const entries = typeof forwarded === "string" ? forwarded.split(",").map((e) => e.trim()).filter(Boolean) : [];
  return entries[entries.length - proxies] ?? "unknown";
}
