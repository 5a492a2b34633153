/**
 * A thread's address as given, when it is an absolute http(s) URL; anything else
 * (javascript:, data:, a bare path) is not stored, since the thread page links to it.
 */
export function httpUrl(text: string | null | undefined): string | null {
  const trimmed = text?.trim();
  if (!trimmed) return null;
  try {
    const { protocol } = new URL(trimmed);
    return protocol === "http:" || protocol === "https:" ? trimmed : null;
  } catch {
    return null;
  }
}

const TRACKING = /^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|ncid|cmpid)$/i;
/** Characters PostgreSQL's text refuses (NUL) or that no real path holds: such a path stays percent-encoded. */
const CONTROL = /[\u0000-\u001f\u007f]/;
/** The longest key kept: the column is indexed, and a B-tree entry holds at most about 2,700 bytes. */
const MAX_CANONICAL_BYTES = 2000;

/**
 * The same article across origins: path without trailing slash, host dropped,
 * tracking parameters removed. "https://a.com/x/?utm_source=t" and
 * "http://b.com/x" share "/x". Sites that route by "#!" name the article after
 * it ("/#!/post/1"), so that fragment is kept; other fragments are not. An
 * address too long for the index gives no key: its thread is matched by its
 * source key alone.
 */
export function canonicalUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const params = [...parsed.searchParams.entries()].filter(([k]) => !TRACKING.test(k));
  params.sort(([a], [b]) => a.localeCompare(b));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : "";
  const path = parsed.pathname.replace(/\/+$/, "") || "/";
  let decoded = path;
  try {
    const text = decodeURIComponent(path);
    if (!CONTROL.test(text)) decoded = text;
  } catch {
    // A malformed escape stays as written: still a stable key.
  }
  const fragment = parsed.hash.startsWith("#!") ? parsed.hash : "";
  const key = `${decoded}${query}${fragment}`;
  return Buffer.byteLength(key) > MAX_CANONICAL_BYTES ? null : key;
}

/**
 * A site as a key: host and path, without scheme, query or trailing slash
 * ("http://example.com/blog/" is "example.com/blog"). Subsites in folders of one
 * domain stay apart; a site at the root keeps its bare host.
 */
export function siteAddress(url: string | null | undefined): string | null {
  const trimmed = url?.trim();
  if (!trimmed) return null;
  try {
    const { host, pathname } = new URL(trimmed);
    return host ? `${host}${pathname.replace(/\/+$/, "")}` : null;
  } catch {
    return null;
  }
}
