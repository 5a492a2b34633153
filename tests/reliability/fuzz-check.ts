import { pool } from "@/lib/db";
import { importFiles } from "@/lib/ingest";

/** What one file did to the importer. Anything but `imported` or `rejected` is a finding. */
export type Outcome =
  | { kind: "imported"; ms: number; comments: number; inserted: number }
  | { kind: "rejected"; ms: number; line: number; message: string }
  /** Refused without a plain reason: an unexpected error, or no usable line. */
  | { kind: "unclear"; ms: number; detail: string }
  /** Rows changed although the file was refused, or counts that disagree with the summary. */
  | { kind: "partial"; ms: number; detail: string };

let tables: string[] | null = null;

/** Exact row counts of every table an import may write (the run log aside: it records every attempt). */
export async function rowCounts(): Promise<Record<string, number>> {
  tables ??= (
    await pool.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('import_run', '_prisma_migrations') ORDER BY 1",
    )
  ).rows.map((r) => r.name);
  const { rows } = await pool.query<Record<string, number>>(`SELECT ${tables.map((t) => `(SELECT count(*)::int FROM "${t}") AS "${t}"`).join(", ")}`);
  return rows[0]!;
}

function changed(before: Record<string, number>, after: Record<string, number>): string[] {
  return Object.keys(before).filter((t) => before[t] !== after[t]).map((t) => `${t} ${before[t]} → ${after[t]}`);
}

/**
 * Imports one file through the real importer and judges the result: a rejection
 * must name the file, a line and a plain reason and leave every table as it was;
 * an import must add exactly the comments its summary reports, and the run log
 * must say which of the two happened.
 */
export async function importAndCheck(file: string, options: { sourceKey?: string } = {}): Promise<Outcome> {
  const before = await rowCounts();
  const started = performance.now();
  const summary = await importFiles([file], { sourceKey: options.sourceKey });
  const ms = Math.round(performance.now() - started);
  const after = await rowCounts();
  const { rows: runs } = await pool.query<{ status: string }>("SELECT status FROM import_run ORDER BY id DESC LIMIT 1");
  const run = runs[0]?.status;
  const rejection = summary.rejected[0];
  if (rejection) {
    const diff = changed(before, after);
    if (diff.length) return { kind: "partial", ms, detail: `rejected (${rejection.message}) yet ${diff.join(", ")}` };
    if (rejection.file !== file || !Number.isInteger(rejection.line) || rejection.line < 0) {
      return { kind: "unclear", ms, detail: `rejection names ${rejection.file}:${rejection.line}` };
    }
    if (!rejection.message.trim() || rejection.serverFault || run !== "rejected") {
      return { kind: "unclear", ms, detail: `run ${run}: ${rejection.message}` };
    }
    return { kind: "rejected", ms, line: rejection.line, message: rejection.message };
  }
  const result = summary.perFile[0]!;
  const added = after.comment! - before.comment!;
  if (added !== result.inserted || run !== "succeeded") {
    return { kind: "partial", ms, detail: `run ${run}: summary says ${result.inserted} new comments, the table gained ${added}` };
  }
  return { kind: "imported", ms, comments: result.comments, inserted: result.inserted };
}
