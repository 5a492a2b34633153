import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { exportDirSchema } from "@/lib/env";
import { REPORT_FORMATS, type ReportFormat } from "./filters";

/** Finished files are kept as long as their job is (pg-boss archives it after 12 hours and deletes it a week later). */
export const EXPORT_KEEP_DAYS = 7;

const FINISHED = new RegExp(`^[0-9a-f-]{36}\\.(${REPORT_FORMATS.join("|")})$`);
const PARTIAL = new RegExp(`^[0-9a-f-]{36}\\.(${REPORT_FORMATS.join("|")})\\.\\d+-[0-9a-f]{8}\\.part$`);

/** EXPORT_DIR (default `.data/exports`), read on every call so a process can be pointed elsewhere. */
export function exportDir(): string {
  return path.resolve(exportDirSchema.parse(process.env.EXPORT_DIR || undefined));
}

/** A finished export, named by its job id alone: a retry overwrites it, and no request can name another path. */
export function exportFilePath(jobId: string, format: ReportFormat): string {
  // A folder chosen at run time, not part of the app: keeps the build from tracing the whole project.
  return path.join(/* turbopackIgnore: true */ exportDir(), `${jobId}.${format}`);
}

/** Where one attempt writes before the rename; unique per attempt, since a job whose lease ran out may briefly run twice. */
export function exportTempPath(jobId: string, format: ReportFormat): string {
  return `${exportFilePath(jobId, format)}.${process.pid}-${randomBytes(4).toString("hex")}.part`;
}

/** The folder's entries; none when it does not exist yet (no export has been written). */
async function namesIn(dir: string): Promise<string[]> {
  return fs.readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return [] as string[];
    throw err;
  });
}

/**
 * Removes every export file in this machine's folder, finished or partial (a commenter's data was
 * erased, and files already written hold it). A tidy-up: their jobs answer that the file is no
 * longer kept whether or not it is removed (the erasure's recorded time decides, see
 * lib/privacy/erasures), so files in other workers' folders are never offered either. A partial
 * file a crashed worker left would otherwise wait for the next export's sweep; a live attempt
 * whose file goes stops, says the erasure stopped it, and is tried again. Returns how many were removed.
 */
export async function removeExportFiles(): Promise<number> {
  const dir = exportDir();
  const files = (await namesIn(dir)).filter((name) => FINISHED.test(name) || PARTIAL.test(name));
  for (const name of files) await fs.rm(path.join(/* turbopackIgnore: true */ dir, name), { force: true });
  return files.length;
}

/**
 * Removes what dead attempts left (partial files untouched for longer than a job's
 * lease, so no live attempt's file goes) and finished files past EXPORT_KEEP_DAYS.
 * Only files named like exports are looked at. Returns how many were removed.
 */
export async function sweepExportDir(leaseSeconds: number, now = Date.now()): Promise<number> {
  const dir = exportDir();
  const names = await namesIn(dir);
  let removed = 0;
  for (const name of names) {
    const maxAgeMs = PARTIAL.test(name) ? leaseSeconds * 1000 : FINISHED.test(name) ? EXPORT_KEEP_DAYS * 86_400_000 : null;
    if (maxAgeMs === null) continue;
    const file = path.join(/* turbopackIgnore: true */ dir, name);
    // Another worker may sweep the same folder at the same time.
    const stat = await fs.stat(file).catch(() => null);
    if (!stat || now - stat.mtimeMs <= maxAgeMs) continue;
    await fs.rm(file, { force: true });
    removed++;
  }
  return removed;
}
