/**
 * The path to go to after sign-in, kept on this site: `next` is resolved against a placeholder
 * origin and must stay on it, so "//evil.example", "/\evil.example", "/<tab>/evil.example" and
 * "/.//evil.example" (which browsers read as another host) fall back to "/".
 */
export function sameSitePath(next: string | undefined): string {
  if (!next?.startsWith("/")) return "/";
  const base = "http://same.site.invalid";
  try {
    const url = new URL(next, base);
    // Resolving collapses dot segments: "/.//evil.example" becomes the path "//evil.example",
    // which a browser reads as another host. A result that starts with two slashes goes home.
    const path = `${url.pathname}${url.search}${url.hash}`;
    return url.origin === base && !/[\\\t\n\r]/.test(next) && !path.startsWith("//") ? path : "/";
  } catch {
    return "/";
  }
}
