import { z } from "zod";
import { dbIdText, dbText } from "@/lib/zod-fields";
import { pool } from "@/lib/db";
import { containsPattern } from "@/lib/like";

export type ExportAudit = { userId: number | null; via: "ui" | "api" | "cli" | "test" };
export type ExportOutcome = "completed" | "cancelled" | "failed";

/** Records one export: who, how, which filters, how many rows went out, and whether it finished. */
export async function recordExportRun(
  audit: ExportAudit,
  run: { format: string; filters: Record<string, unknown>; rowCount: number; status: ExportOutcome },
): Promise<void> {
  await pool.query(
    "INSERT INTO export_run (user_id, format, filters, row_count, via, status) VALUES ($1, $2, $3, $4, $5, $6)",
    [audit.userId, run.format, JSON.stringify(run.filters), run.rowCount, audit.via, run.status],
  );
}

export const exportLogQuerySchema = z.object({
  /** Keyset: show runs older than this id. */
  before: dbIdText.optional(),
  email: dbText.trim().max(200).optional(),
  format: z.enum(["csv", "jsonl", "pdf"]).optional(),
});
export type ExportLogQuery = z.infer<typeof exportLogQuerySchema>;

export type ExportRunRow = {
  id: number;
  createdAt: Date;
  email: string | null;
  role: string | null;
  format: string;
  via: string;
  status: string;
  rowCount: number;
  filters: Record<string, unknown>;
};

export const EXPORT_LOG_PAGE = 50;

/** The export log, newest first, one page at a time (keyset on id). */
export async function listExportRuns(query: ExportLogQuery): Promise<{ runs: ExportRunRow[]; nextBefore: number | null }> {
  const { rows } = await pool.query(
    `SELECT e.id, e.created_at, u.email, u.role::text AS role, e.format, e.via, e.status, e.row_count, e.filters
     FROM export_run e LEFT JOIN app_user u ON u.id = e.user_id
     WHERE ($1::int IS NULL OR e.id < $1) AND ($2::text IS NULL OR u.email ILIKE $2)
       AND ($3::text IS NULL OR e.format = $3)
     ORDER BY e.id DESC LIMIT $4`,
    [query.before ?? null, query.email ? containsPattern(query.email) : null, query.format ?? null, EXPORT_LOG_PAGE + 1],
  );
  const runs = rows.slice(0, EXPORT_LOG_PAGE).map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    email: r.email,
    role: r.role,
    format: r.format,
    via: r.via,
    status: r.status,
    rowCount: r.row_count,
    filters: r.filters,
  }));
  return { runs, nextBefore: rows.length > EXPORT_LOG_PAGE ? runs[runs.length - 1]!.id : null };
}
