import type { ReportSummary } from "./summary";

/** Right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms). */
const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u;

/**
 * What the report cannot show faithfully of the texts it prints: characters its font has no
 * glyph for (CJK, Indic and Thai scripts, most emoji) come out as empty boxes, and
 * right-to-left text is laid out left to right. Said on the title page rather than left to
 * be discovered; the CSV and JSON lines exports carry every text exactly.
 */
export function scriptNote(doc: PDFKit.PDFDocument, s: Pick<ReportSummary, "threadTitles" | "threads" | "removed">): string {
  // pdfkit keeps the current font's fontkit object here; the body font is current.
  const font = (doc as unknown as { _font?: { font?: { hasGlyphForCodePoint?: (cp: number) => boolean } } })._font?.font;
  const texts = [...s.threadTitles, ...s.threads.map((t) => t.title), ...s.removed.flatMap((r) => [r.thread, r.author, r.reason, r.body])];
  let missing = 0;
  let rtl = false;
  for (const text of texts) {
    if (!rtl && RTL.test(text)) rtl = true;
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (cp > 0x20 && font?.hasGlyphForCodePoint && !font.hasGlyphForCodePoint(cp)) missing++;
    }
  }
  const parts = [
    missing ? `${missing.toLocaleString("en")} characters (scripts or emoji the report's font lacks) are shown as empty boxes` : "",
    rtl ? "right-to-left text is shown left to right" : "",
  ].filter(Boolean);
  return parts.length ? `In this PDF ${parts.join(", and ")}; the CSV and JSON lines exports carry every text exactly. ` : "";
}
