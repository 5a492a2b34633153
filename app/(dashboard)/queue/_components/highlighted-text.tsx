import type { EvidenceSpan } from "@/lib/scoring/types";

/**
 * Renders text with evidence spans marked. Text is rendered as text, never as HTML. A mark's
 * attribute shows as its colour and tooltip; `evidenceLabels` says it in words beside the text.
 */
export function HighlightedText({ text, spans }: { text: string; spans: EvidenceSpan[] }) {
  const evidence = shownSpans(text, spans).sort((a, b) => a.start - b.start);
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const span of evidence) {
    if (span.start < at) continue; // overlapping evidence: the earlier span wins
    if (span.start > at) parts.push(text.slice(at, span.start));
    parts.push(
      <mark key={span.start} className={`evidence ${span.attribute}`} title={`${span.attribute} (${span.weight.toFixed(2)})`}>
        {text.slice(span.start, span.end)}
      </mark>,
    );
    at = span.end;
  }
  parts.push(text.slice(at));
  return <>{parts}</>;
}

/** The words that drove the score, each with its attribute, once each: “idiot” · insult. */
export function evidenceLabels(text: string, spans: readonly EvidenceSpan[]): string[] {
  return [...new Set(shownSpans(text, spans).map((s) => `“${text.slice(s.start, s.end)}” · ${s.attribute}`))];
}

/** The evidence spans worth showing: incivility attributes, lying inside the text. */
function shownSpans(text: string, spans: readonly EvidenceSpan[]): EvidenceSpan[] {
  return spans.filter((s) => s.attribute !== "sentiment" && s.start >= 0 && s.end <= text.length && s.end > s.start);
}
