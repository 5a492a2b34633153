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
  const address = entries[entries.length - proxies];
  return address ? addressKey(address) : "unknown";
}

/**
 * What failures are counted by: an IPv4 address, or an IPv6 address's /64 network (one home or
 * one machine is given a whole /64, so counting each of its addresses apart would give one guesser
 * millions of budgets). A text that is neither is counted as it is.
 */
export function addressKey(address: string): string {
  const bare = address.replace(/^\[|\](:\d+)?$/g, "").replace(/%.*$/, "");
  // An IPv4 address with the proxy's port on it: each connection would count apart.
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3})(?::\d+)?$/.exec(bare);
  if (v4) return v4[1]!;
  if (!bare.includes(":") || bare.split("::").length > 2) return bare;
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(bare)) return bare.slice(7);
  const [head = "", tail] = bare.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail === undefined ? [] : tail ? tail.split(":") : [];
  // "::" stands for at least one group of zeros: eight written out around it is no address.
  if (tail !== undefined && left.length + right.length > 7) return bare;
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return bare;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}
