import { z } from "zod";

/**
 * A real calendar date written YYYY-MM-DD: "2026-02-30" and "2026-13-01" are not. Years end at 9998:
 * a range reaching 9999-12-31 steps a day past it to find its end, which has no four-digit year
 * (the charts failed with a server error).
 */
export function isCalendarDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || date > "9998-12-31") return false;
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10) === date;
}

/** A filter's day, checked as a date before any query sees it (PostgreSQL would refuse it with a 500). */
export const calendarDate = z.string().refine(isCalendarDate, "a date like 2026-03-01 that exists");
