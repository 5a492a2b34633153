import { isDatabaseUnavailable } from "@/lib/errors";
import { ImportRejection } from "./types";
import { storeEvents, type IngestPhase, type StoreProgress } from "./store";
import { expandPaths, HEAD_BYTES, openTextInput } from "./read-file";
import { detectFormat, type Format } from "./detect";
import { defaultSource, parseInput } from "./parse";
import { failRun, finishRun, markInterruptedRuns, recordRunFormat, startRun } from "./runs";
import { waitWhileScoringPaused } from "@/lib/scoring/lock";
import type { Orphan } from "./writer";

/**
 * A file that imported nothing: the importer refused it (at `line`), or, with `serverFault`, the
 * server failed while importing it (line 0), which is not the file's fault and may pass.
 */
export type Rejected = { file: string; line: number; message: string; serverFault?: true; cancelled?: true };

/** What a file cancelled mid-import (its upload abandoned) is recorded as. */
export const CANCELLED_MESSAGE = "cancelled before it finished: nothing of this file was stored";

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
  flagged: number;
  unflagged: number;
  /** Scoring happens inside the import's transaction, never later. */
  scoring: "during import";
  orphanList: Orphan[];
  notes: string[];
  phaseMs: Record<IngestPhase, number>;
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
  /** Comments the import put in the review queue (or rejected by a banned term), and ones it took out of it. */
  flagged: number;
  unflagged: number;
  rejected: Rejected[];
  perFile: FileSummary[];
};

export type ImportProgress = StoreProgress & {
  file: string;
  /** 1-based position of the file in this run. */
  index: number;
  files: number;
  bytesRead: number;
  bytesTotal: number;
};

export type ImportOptions = {
  /** Forces a format instead of recognising it. */
  format?: Format;
  /** Names the source of every comment. */
  sourceKey?: string;
  userId?: number;
  /** Names to record and report instead of the paths (uploads are stored under temporary names). */
  displayNames?: Readonly<Record<string, string>>;
  onFile?: (summary: FileSummary | Rejected) => void;
  onProgress?: (progress: ImportProgress) => void;
  /** Cancels the import: the file being imported is rolled back and recorded as cancelled, later files are left. */
  signal?: AbortSignal;
};

const TOTALS = ["threads", "comments", "inserted", "updated", "unchanged", "orphans", "skipped", "flagged", "unflagged"] as const;

async function importOne(file: string, shown: string, runId: number, options: ImportOptions, position: { index: number; files: number }) {
  const input = await openTextInput(file);
  try {
    // Whatever its name says it holds, a file with nothing in it is told so, not sent to a parser.
    if (!input.head.replace(/^\uFEFF/, "").trim()) {
      throw new ImportRejection(file, 1, input.bytesRead() > HEAD_BYTES ? `the file starts with more than ${HEAD_BYTES / 1024} KB of blank space` : "the file is empty");
    }
    const detected = options.format ?? detectFormat(input.name, input.head);
    if (typeof detected !== "string") {
      throw new ImportRejection(file, 1, `this looks like ${detected.unsupported}, which the importer does not read`);
    }
    await recordRunFormat(runId, detected);
    const stored = await storeEvents(parseInput(input, detected, options.sourceKey), {
      defaultSource: defaultSource(detected),
      sourceOverride: options.sourceKey,
      runId,
      signal: options.signal,
      onProgress: (p) => options.onProgress?.({ ...p, ...position, file: shown, bytesRead: input.bytesRead(), bytesTotal: input.size }),
    });
    const summary: FileSummary = {
      file: shown,
      format: detected,
      threads: stored.threads,
      comments: stored.comments,
      inserted: stored.inserted,
      updated: stored.updated,
      unchanged: stored.unchanged,
      orphans: stored.orphans,
      skipped: stored.skipped,
      scored: stored.scored,
      flagged: stored.flagged,
      unflagged: stored.unflagged,
      scoring: "during import",
      orphanList: stored.orphanList,
      notes: stored.notes,
      phaseMs: stored.phaseMs,
    };
    return summary;
  } finally {
    input.close();
  }
}

/** Says what failed without the driver's text (hosts, queries), which goes to the server's log. */
function serverFaultMessage(err: unknown, runId: number): string {
  const cause = isDatabaseUnavailable(err) ? "the database stopped answering" : "the server failed";
  return `${cause} while importing this file, so nothing of it was stored; try again (the cause is in the server's log, import run ${runId})`;
}

/**
 * Imports files and folders (gzipped or not; the format is recognised unless
 * forced). Each file is its own transaction: a rejected file writes nothing and
 * the others still import. Every file's run is recorded in import_run.
 */
export async function importFiles(paths: readonly string[], options: ImportOptions = {}): Promise<ImportSummary> {
  const summary: ImportSummary = {
    files: 0, threads: 0, comments: 0, inserted: 0, updated: 0, unchanged: 0, orphans: 0, skipped: 0,
    flagged: 0, unflagged: 0, rejected: [], perFile: [],
  };
  await markInterruptedRuns();
  // A path that is not there is named and left out; the others still import.
  const files: string[] = [];
  for (const p of paths) {
    try {
      files.push(...(await expandPaths([p])));
    } catch (err) {
      if (!(err instanceof ImportRejection)) throw err;
      const rejection: Rejected = { file: err.file, line: err.line, message: err.message };
      summary.rejected.push(rejection);
      options.onFile?.(rejection);
    }
  }
  for (const [i, file] of files.entries()) {
    const shown = options.displayNames?.[file] ?? file;
    // Before its run is recorded: a run recorded and waiting would look dead to other instances.
    // A cancel meanwhile ends the wait (an upload's place on the server is then free at once).
    if (!options.signal?.aborted) await waitWhileScoringPaused(options.signal).catch((err) => {
      if (!options.signal?.aborted) throw err;
    });
    if (options.signal?.aborted) {
      // Not begun: no run is recorded, and the caller is told of each file left.
      const left: Rejected = { file: shown, line: 0, message: "cancelled before it began: nothing of this file was stored", cancelled: true };
      summary.rejected.push(left);
      options.onFile?.(left);
      continue;
    }
    summary.files++;
    const runId = await startRun(shown, options.format ?? "auto", options.userId ?? null);
    let result: Awaited<ReturnType<typeof importOne>>;
    try {
      result = await importOne(file, shown, runId, options, { index: i + 1, files: files.length });
    } catch (err) {
      if (options.signal?.aborted) {
        const cancelled: Rejected = { file: shown, line: 0, message: CANCELLED_MESSAGE, cancelled: true };
        summary.rejected.push(cancelled);
        await failRun(runId, "cancelled", { line: 0, message: CANCELLED_MESSAGE });
        options.onFile?.(cancelled);
        continue;
      }
      const rejected = err instanceof ImportRejection;
      const rejection: Rejected = rejected
        ? { file: shown, line: err.line, message: err.message }
        : { file: shown, line: 0, message: serverFaultMessage(err, runId), serverFault: true };
      if (!rejected) console.error(`[import] run ${runId} failed:`, err instanceof Error ? err.stack : err);
      summary.rejected.push(rejection);
      await failRun(runId, rejected ? "rejected" : "failed", { line: rejection.line, message: rejection.message });
      options.onFile?.(rejection);
      continue;
    }
    // The file is committed: recording its run failing must not report it as "nothing stored".
    summary.perFile.push(result);
    for (const k of TOTALS) summary[k] += result[k];
    await finishRun(runId, result).catch((err: Error) => console.error(`[import] run ${runId} stored its file, but its record could not be updated: ${err.message}`));
    options.onFile?.(result);
  }
  return summary;
}
