import type { EvidenceSpan } from "@/lib/scoring/types";

/** A stretch of a comment's text, marked with the evidence it shows or plain. */
export type Segment = { start: number; end: number; span?: EvidenceSpan };

/** The evidence spans worth showing: incivility attributes, lying inside the text. */
export function shownSpans(text: string, spans: readonly EvidenceSpan[]): EvidenceSpan[] {
  return spans.filter((s) => s.attribute !== "sentiment" && s.start >= 0 && s.end <= text.length && s.end > s.start);
}

/** Parts of [start, end) that no piece covers (pieces sorted, not overlapping). */
function gaps(start: number, end: number, pieces: readonly Segment[]): Segment[] {
  const free: Segment[] = [];
  let at = start;
  for (const p of pieces) {
    if (p.end <= at || p.start >= end) continue;
    if (p.start > at) free.push({ start: at, end: p.start });
    at = Math.max(at, p.end);
  }
  if (at < end) free.push({ start: at, end });
  return free;
}

/**
 * The text cut into plain and marked segments. Overlapping word evidence is clipped (the
 * earlier span keeps the shared characters). Shouting covers whole runs of capitals, so it
 * only marks what no word evidence does: "I WILL KILL YOU" keeps its threat mark.
 */
export function evidenceSegments(text: string, spans: readonly EvidenceSpan[]): Segment[] {
  const shown = shownSpans(text, spans).sort((a, b) => a.start - b.start || b.end - a.end);
  const marked: Segment[] = [];
  let at = 0;
  for (const span of shown.filter((s) => s.attribute !== "shouting")) {
    if (span.end <= at) continue;
    marked.push({ start: Math.max(span.start, at), end: span.end, span });
    at = span.end;
  }
  const words = marked.slice();
  for (const span of shown.filter((s) => s.attribute === "shouting")) {
    for (const gap of gaps(span.start, span.end, words)) marked.push({ ...gap, span });
  }
  marked.sort((a, b) => a.start - b.start);
  const segments: Segment[] = [];
  at = 0;
  for (const piece of marked) {
    if (piece.start < at) continue; // two shouting spans over the same capitals
    if (piece.start > at) segments.push({ start: at, end: piece.start });
    segments.push(piece);
    at = piece.end;
  }
  if (at < text.length) segments.push({ start: at, end: text.length });
  return segments;
}
