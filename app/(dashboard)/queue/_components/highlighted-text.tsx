import type { EvidenceSpan } from "@/lib/scoring/types";
import { evidenceSegments, shownSpans } from "./evidence-segments";

/**
 * Renders text with evidence spans marked. Text is rendered as text, never as HTML. A mark's
 * attribute shows as its colour and tooltip; `evidenceLabels` says it in words beside the text.
 */
export function HighlightedText({ text, spans }: { text: string; spans: EvidenceSpan[] }) {
  return (
    <>
      {evidenceSegments(text, spans).map(({ start, end, span }) =>
        span ? (
          <mark key={start} className={`evidence ${span.attribute}`} title={`${span.attribute} (${span.weight.toFixed(2)})`}>
            {text.slice(start, end)}
          </mark>
        ) : (
          text.slice(start, end)
        ),
      )}
    </>
  );
}

/** The words that drove the score, each with its attribute, once each: “idiot” · insult. */
export function evidenceLabels(text: string, spans: readonly EvidenceSpan[]): string[] {
  return [...new Set(shownSpans(text, spans).map((s) => `“${text.slice(s.start, s.end)}” · ${s.attribute}`))];
}
