import { ATTRIBUTE_LABELS, type EvidenceSpan } from "@/lib/scoring/types";

/**
 * Renders text with evidence spans marked. Text is rendered as text, never as HTML. Each mark
 * says its attribute in words to screen readers, not only by its colour and tooltip.
 */
export function HighlightedText({ text, spans }: { text: string; spans: EvidenceSpan[] }) {
  const evidence = spans
    .filter((s) => s.attribute !== "sentiment" && s.start >= 0 && s.end <= text.length && s.end > s.start)
    .sort((a, b) => a.start - b.start);
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const span of evidence) {
    if (span.start < at) continue; // overlapping evidence: the earlier span wins
    if (span.start > at) parts.push(text.slice(at, span.start));
    parts.push(
      <mark key={span.start} className={`evidence ${span.attribute}`} title={`${span.attribute} (${span.weight.toFixed(2)})`}>
        {text.slice(span.start, span.end)}
        <span className="sr-only"> ({(ATTRIBUTE_LABELS[span.attribute] ?? span.attribute).toLowerCase()})</span>
      </mark>,
    );
    at = span.end;
  }
  parts.push(text.slice(at));
  return <>{parts}</>;
}
