import fs from "node:fs/promises";
import { pool } from "@/lib/db";
import type { ParsedFile } from "./types";
import { ImportRejection } from "./types";
import { storeComments } from "./store";
import { decodeUtf8, expandPaths } from "./read-file";
import { detectFormat, type Format } from "./detect";
import { parseTextPage } from "./text-page";

export type Rejected = { file: string; line: number; message: string };

export type FileSummary = {
  file: string;
  format: string;
  threads: number;
  comments: number;
  inserted: number;
  updated: number;
  unchanged: number;
  orphans: number;
  skipped: number;
  scored: number;
  notes: string[];
};

export type ImportSummary = {
  files: number;
  threads: number;
  comments: number;
  inserted: number;
  updated: number;
  unchanged: number;
  orphans: number;
  skipped: number;
  rejected: Rejected[];
  perFile: FileSummary[];
};

export type ImportOptions = {
  format?: Format;
  sourceKey?: string;
  userId?: number;
  onFile?: (summary: FileSummary | Rejected) => void;
};

async function parseFile(file: string, options: ImportOptions): Promise<ParsedFile> {
  const bytes = await fs.readFile(file);
  const stat = await fs.stat(file);
  const text = decodeUtf8(bytes, file);
  const format = options.format ?? detectFormat(file, text.slice(0, 4000));
  if (typeof format !== "string") {
    throw new ImportRejection(file, 1, `${format.unsupported} are not supported by this importer yet`);
  }
  return parseTextPage(text, { fileName: file, fileDate: stat.mtime, sourceKey: options.sourceKey });
}

async function storeParsed(parsed: ParsedFile, file: string): Promise<FileSummary> {
  const stored = await storeComments(parsed);
  const notes = [...parsed.notes];
  if (stored.missingParents) notes.push(`${stored.missingParents} replies name a parent that is not in the data`);
  return {
    file,
    format: parsed.format,
    threads: parsed.threads.length,
    comments: stored.comments,
    inserted: stored.inserted,
    updated: stored.updated,
    unchanged: stored.unchanged,
    orphans: parsed.orphans.length,
    skipped: 0,
    scored: stored.scored,
    notes,
  };
}

/**
 * Imports files and folders. Each file is its own transaction: a rejected file
 * writes nothing and the others still import. Every run is recorded in import_run.
 */
export async function importFiles(paths: readonly string[], options: ImportOptions = {}): Promise<ImportSummary> {
  const summary: ImportSummary = {
    files: 0, threads: 0, comments: 0, inserted: 0, updated: 0, unchanged: 0, orphans: 0, skipped: 0,
    rejected: [], perFile: [],
  };
  let files: string[];
  try {
    files = await expandPaths(paths);
  } catch (err) {
    if (!(err instanceof ImportRejection)) throw err;
    summary.rejected.push({ file: err.file, line: err.line, message: err.message });
    return summary;
  }
  for (const file of files) {
    summary.files++;
    const run = await pool.query<{ id: number }>(
      "INSERT INTO import_run (user_id, file, format) VALUES ($1, $2, $3) RETURNING id",
      [options.userId ?? null, file, options.format ?? "auto"],
    );
    const runId = run.rows[0]!.id;
    try {
      const parsed = await parseFile(file, options);
      const result = await storeParsed(parsed, file);
      summary.perFile.push(result);
      for (const k of ["threads", "comments", "inserted", "updated", "unchanged", "orphans", "skipped"] as const) {
        summary[k] += result[k];
      }
      await pool.query(
        `UPDATE import_run SET status = 'succeeded', format = $2, threads = $3, comments = $4, inserted = $5,
           updated = $6, unchanged = $7, orphans = $8, skipped = $9, notes = $10, finished_at = now()
         WHERE id = $1`,
        [runId, result.format, result.threads, result.comments, result.inserted, result.updated,
          result.unchanged, result.orphans, result.skipped, JSON.stringify(result.notes)],
      );
      options.onFile?.(result);
    } catch (err) {
      const rejection =
        err instanceof ImportRejection
          ? { file, line: err.line, message: err.message }
          : { file, line: 0, message: `import failed: ${err instanceof Error ? err.message : String(err)}` };
      summary.rejected.push(rejection);
      await pool.query(
        "UPDATE import_run SET status = $2, errors = $3, finished_at = now() WHERE id = $1",
        [runId, err instanceof ImportRejection ? "rejected" : "failed", JSON.stringify([rejection])],
      );
      options.onFile?.(rejection);
    }
  }
  return summary;
}
