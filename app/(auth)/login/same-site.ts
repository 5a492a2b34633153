/**
 * The path to go to after sign-in, kept on this site: `next` is resolved against a placeholder
 * origin and must stay on it, so "//evil.example", "/\evil.example" and "/<tab>/evil.example"
 * (which browsers read as another host) fall back to "/".
 */
export function sameSitePath(next: string | undefined): string {
  if (!next?.startsWith("/")) return "/";
  const base = "http://same.site.invalid";
  try {
    const url = new URL(next, base);
    return url.origin === base && !/[\\\t\n\r]/.test(next) ? `${url.pathname}${url.search}${url.hash}` : "/";
  } catch {
    return "/";
  }
}
