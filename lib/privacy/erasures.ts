import type { Pool, PoolClient } from "pg";
import { pool } from "@/lib/db";
import { DomainError } from "@/lib/errors";

/**
 * Setting holding when a commenter's data was last erased (the database's clock, as a JSON string).
 * Background export files are judged by it: one whose rows were read before the last erasure may
 * hold the erased texts, wherever it lies (the erasure can delete files only on its own machine).
 */
export const ERASED_AT_KEY = "privacy.erased-at";

/**
 * Records an erasure, inside its transaction: the record and the erased data become visible
 * together, so a reader that sees the one sees the other. clock_timestamp() is taken once the row
 * is locked, so of two erasures at once the one committing last writes the later time.
 */
export async function recordErasure(client: PoolClient): Promise<void> {
  await client.query(
    `INSERT INTO setting (key, value) VALUES ($1, to_jsonb(clock_timestamp()))
     ON CONFLICT (key) DO UPDATE SET value = to_jsonb(clock_timestamp()), updated_at = now()`,
    [ERASED_AT_KEY],
  );
}

/**
 * The record of the last erasure (null: none yet). Read before an export reads its rows, it names
 * the erasures those rows include: any later one changes it. Read from the primary, as exports are.
 */
export async function lastErasure(client: Pool | PoolClient = pool): Promise<string | null> {
  const { rows } = await client.query<{ at: string | null }>("SELECT value #>> '{}' AS at FROM setting WHERE key = $1", [ERASED_AT_KEY]);
  return rows[0]?.at ?? null;
}

/** Whether a commenter's data was erased after a file's rows were read (`read`: lastErasure then; undefined for files from before erasures were recorded). */
export function erasedSince(read: string | null | undefined, last: string | null): boolean {
  return last !== null && read !== last;
}

/** Thrown when a commenter's data was erased while an export ran: it leaves no file, and a background one is retried by pg-boss with the data as it now is. */
export class ExportErasedError extends DomainError {
  constructor() {
    // 409: asked again, the report is made without the erased data (a background export is retried by itself).
    super("a commenter's data was erased while the report was made", 409);
  }
}
