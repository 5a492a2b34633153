import { COLORS } from "./charts";

export type Column = { header: string; width: number; align?: "left" | "right" };

/** Space between a cell's edge and its text. */
export const TABLE_PAD = 3;

/**
 * A table that wraps cell text and continues on new pages, repeating its header.
 * Starts at the current y; leaves doc.y below the last row. A row taller than a page is
 * cut to one page, its cells ending in "…": pdfkit would otherwise break the page inside
 * the cell, leaving the header stranded and the row's other cells out of line.
 */
export function drawTable(doc: PDFKit.PDFDocument, columns: Column[], rows: string[][], options: { fontSize?: number } = {}) {
  const fontSize = options.fontSize ?? 8;
  const left = doc.page.margins.left;
  const bottom = () => doc.page.height - doc.page.margins.bottom - 16;
  const header = () => {
    doc.font("bold").fontSize(fontSize);
    const height = Math.max(...columns.map((c) => doc.heightOfString(c.header, { width: c.width - 2 * TABLE_PAD }))) + 2 * TABLE_PAD;
    let x = left;
    const y = doc.y;
    doc.rect(left, y, columns.reduce((w, c) => w + c.width, 0), height).fillColor("#eef1f6").fill();
    for (const c of columns) {
      doc.fillColor(COLORS.text).text(c.header, x + TABLE_PAD, y + TABLE_PAD, { width: c.width - 2 * TABLE_PAD, align: c.align ?? "left" });
      x += c.width;
    }
    doc.y = y + height;
    doc.font("body");
    return height;
  };
  // What a fresh page holds below its header.
  const room = bottom() - doc.page.margins.top - header();
  for (const row of rows) {
    doc.font("body").fontSize(fontSize);
    const tallest = Math.max(...row.map((cell, i) => doc.heightOfString(cell, { width: columns[i]!.width - 2 * TABLE_PAD }))) + 2 * TABLE_PAD;
    const height = Math.min(tallest, room);
    const cut = height < tallest ? { height: height - 2 * TABLE_PAD, ellipsis: true } : {};
    if (doc.y + height > bottom()) {
      doc.addPage();
      header();
    }
    const y = doc.y;
    let x = left;
    row.forEach((cell, i) => {
      const c = columns[i]!;
      doc.fillColor(COLORS.text).text(cell, x + TABLE_PAD, y + TABLE_PAD, { width: c.width - 2 * TABLE_PAD, align: c.align ?? "left", ...cut });
      x += c.width;
    });
    doc.moveTo(left, y + height).lineTo(x, y + height).lineWidth(0.4).strokeColor(COLORS.grid).stroke();
    doc.y = y + height;
  }
  doc.x = left;
}
