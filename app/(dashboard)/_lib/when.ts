// Building an Intl.DateTimeFormat costs far more than using one: one per zone and kind.
const formats = new Map<string, Intl.DateTimeFormat>();

const DAY: Intl.DateTimeFormatOptions = { day: "numeric", month: "short", year: "numeric" };
// Fields, not dateStyle/timeStyle: those refuse a zone name beside them.
const MOMENT: Intl.DateTimeFormatOptions = { ...DAY, hour: "2-digit", minute: "2-digit", timeZoneName: "short" };

function formatIn(iso: string | Date, timeZone: string, kind: "moment" | "day"): string {
  const key = `${kind} ${timeZone}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", { ...(kind === "moment" ? MOMENT : DAY), timeZone });
    formats.set(key, format);
  }
  return format.format(typeof iso === "string" ? new Date(iso) : iso);
}

/**
 * A moment as "24 Nov 2026, 14:05 CET": in the newsroom's time zone, named, the same on every page
 * and whether the server or the browser renders it (a zone without a common abbreviation reads "GMT-4";
 * client components mark these texts suppressHydrationWarning for ICU versions that name zones apart).
 */
export const when = (iso: string | Date, timeZone: string) => formatIn(iso, timeZone, "moment");

/** A day as "24 Nov 2026", the day it is in the newsroom's time zone. */
export const day = (iso: string | Date, timeZone: string) => formatIn(iso, timeZone, "day");
