const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * A moment as "24 Nov 2026, 14:05 CET": in the newsroom's time zone, named, the same on every page
 * and whether the server or the browser renders it (a zone without a common abbreviation reads "GMT-4";
 * client components mark these texts suppressHydrationWarning for ICU versions that name zones apart).
 */
export function when(iso: string | Date, timeZone: string): string {
  let format = formats.get(timeZone);
  if (!format) {
    // Fields, not dateStyle/timeStyle: those refuse a zone name beside them.
    format = new Intl.DateTimeFormat("en-GB", {
      day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone, timeZoneName: "short",
    });
    formats.set(timeZone, format);
  }
  return format.format(typeof iso === "string" ? new Date(iso) : iso);
}

const days = new Map<string, Intl.DateTimeFormat>();

/** A day as "24 Nov 2026", the day it is in the newsroom's time zone. */
export function day(iso: string | Date, timeZone: string): string {
  let format = days.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone });
    days.set(timeZone, format);
  }
  return format.format(typeof iso === "string" ? new Date(iso) : iso);
}
