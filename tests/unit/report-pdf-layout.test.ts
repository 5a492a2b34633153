import path from "node:path";
import PDFDocument from "pdfkit";
import { describe, expect, it } from "vitest";
import { FONTS, THREAD_COLUMNS } from "@/lib/reports/pdf/columns";
import { TABLE_PAD } from "@/lib/reports/pdf/table";

describe("the PDF report's tables", () => {
  it("fit every header word in its column, in the bold font at the table's size", () => {
    const doc = new PDFDocument({ autoFirstPage: false });
    doc.registerFont("bold", path.join(FONTS, "DejaVuSans-Bold.ttf"));
    doc.font("bold").fontSize(9);
    const tooWide = THREAD_COLUMNS.flatMap((c) =>
      c.header.split(" ").filter((word) => doc.widthOfString(word) > c.width - 2 * TABLE_PAD).map((word) => `${word} in ${c.width}`),
    );
    expect(tooWide).toEqual([]);
    expect(THREAD_COLUMNS.reduce((sum, c) => sum + c.width, 0)).toBe(495);
  });
});
