import type { ImportProgress } from "./import-files";

const PHASES: Record<ImportProgress["phase"], string> = { reading: "reading", writing: "storing", scoring: "scoring" };

/**
 * One line of terminal progress: file position, a bar over the file's bytes
 * while reading (then over the phase's comments), comments and their rate
 * (`doneInPhase` over the phase's elapsed time; shown after half a second).
 */
export function progressLine(p: ImportProgress, elapsedSeconds: number, width = 24, doneInPhase = p.done): string {
  const fraction =
    p.phase === "reading" ? (p.bytesTotal ? Math.min(1, p.bytesRead / p.bytesTotal) : 0) : p.total ? Math.min(1, p.done / p.total) : 1;
  const filled = Math.round(fraction * width);
  const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
  const rate = elapsedSeconds >= 0.5 ? Math.round(doneInPhase / elapsedSeconds) : null;
  const name = p.file.length > 40 ? `…${p.file.slice(-39)}` : p.file;
  return `[${p.index}/${p.files}] ${name} ${bar} ${Math.round(fraction * 100)}% ${PHASES[p.phase]} ${p.done.toLocaleString("en")} comments${rate === null ? "" : `, ${rate.toLocaleString("en")}/s`}`;
}
