import { createHash } from "node:crypto";
import type { QueryConfig } from "pg";

/**
 * The query config of a prepared statement: named after its text, so each distinct
 * text is its own statement on each connection. `DB_PREPARED_STATEMENTS=off` sends
 * it unnamed instead, for connection poolers that cannot keep named statements
 * (PgBouncer in transaction mode before 1.21, or without `max_prepared_statements`).
 */
export function preparedStatement(text: string, values: unknown[], env: Readonly<Record<string, string | undefined>> = process.env): QueryConfig {
  if (env.DB_PREPARED_STATEMENTS === "off") return { text, values };
  return { name: `p_${createHash("sha1").update(text).digest("hex").slice(0, 16)}`, text, values };
}
