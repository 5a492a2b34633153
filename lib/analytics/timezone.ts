import { z } from "zod";
import type { Pool, PoolClient } from "pg";
import { pool } from "@/lib/db";
import { DomainError } from "@/lib/errors";

/** Setting key of the newsroom's time zone (an IANA name stored as a JSON string). */
export const TIMEZONE_KEY = "newsroom.timezone";
export const DEFAULT_TIMEZONE = "UTC";

export const timezoneSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine(isIanaTimezone, { message: "not a time zone name (e.g. Europe/Berlin, America/New_York, UTC)" });

function isIanaTimezone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The newsroom's time zone: day, week and month buckets of every chart and report follow it. */
export async function getTimezone(client: Pool | PoolClient = pool): Promise<string> {
  const { rows } = await client.query<{ value: unknown }>("SELECT value FROM setting WHERE key = $1", [TIMEZONE_KEY]);
  const parsed = timezoneSchema.safeParse(rows[0]?.value);
  return parsed.success ? parsed.data : DEFAULT_TIMEZONE;
}

/**
 * Stores a new newsroom time zone and rebuilds the rollups for it in the same
 * transaction, so charts never mix days of two zones. Imports and decisions wait
 * while the rebuild runs (seconds per 100k comments); readers don't.
 */
export async function setTimezone(name: string): Promise<{ timezone: string; changed: boolean }> {
  const typed = timezoneSchema.parse(name);
  const client = await pool.connect();
  try {
    // Postgres must know the zone too, or every later insert would fail in the triggers. Its spelling
    // is the one stored: "europe/berlin" is Europe/Berlin.
    const known = await client.query<{ name: string }>(
      "SELECT name FROM pg_timezone_names WHERE lower(name) = lower($1) ORDER BY name = $1 DESC LIMIT 1",
      [typed],
    );
    if (!known.rowCount) throw new DomainError(`the database does not know the time zone ${typed}`, 422);
    const timezone = known.rows[0]!.name;
    await client.query("BEGIN");
    const current = await getTimezone(client);
    if (current === timezone) {
      await client.query("ROLLBACK");
      return { timezone, changed: false };
    }
    await client.query(
      `INSERT INTO setting (key, value) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [TIMEZONE_KEY, JSON.stringify(timezone)],
    );
    // The rebuild locks the comment tables. Waiting behind a running import, its queued lock
    // would hold up every decision on every instance until the import ends: it gives up instead.
    await client.query("SET LOCAL lock_timeout = '3s'");
    await client.query("SELECT rollup_rebuild()");
    await client.query("COMMIT");
    return { timezone, changed: true };
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    if ((err as { code?: string }).code === "55P03") {
      throw new DomainError("an import or another long change is writing comments now; the time zone was not changed — try again when it has finished", 409);
    }
    throw err;
  } finally {
    client.release();
  }
}

/** Today's date (YYYY-MM-DD) in the given time zone. */
export function localToday(timezone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}
