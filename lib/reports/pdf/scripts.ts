/** Right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms). */
const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u;

/**
 * What the report cannot show faithfully of the texts it prints: characters its font has no
 * glyph for (CJK, Indic and Thai scripts, most emoji) come out as empty boxes, and
 * right-to-left text is laid out left to right. Said on the title page rather than left to
 * be discovered; the CSV and JSON lines exports carry every text exactly. `texts` are the texts as
 * printed (printedTexts in title-page.ts): a character in the part of a comment left off is no box.
 */
export function scriptNote(doc: PDFKit.PDFDocument, texts: readonly string[]): string {
  // pdfkit keeps the current font's fontkit object here; the body font is current.
  const font = (doc as unknown as { _font?: { font?: { hasGlyphForCodePoint?: (cp: number) => boolean } } })._font?.font;
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
