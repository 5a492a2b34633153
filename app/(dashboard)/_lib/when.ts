const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * A moment as "24 Nov 2026, 14:05 CET": in the newsroom's time zone, named, the same on every page
 * and the same whether the server or the browser renders it (no hydration mismatch between zones).
 */
export function when(iso: string | Date, timeZone: string): string {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone, timeZoneName: "short" });
    formats.set(timeZone, format);
  }
  return format.format(typeof iso === "string" ? new Date(iso) : iso);
}
