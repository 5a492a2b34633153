import path from "node:path";
import PDFDocument from "pdfkit";
import { describe, expect, it } from "vitest";
import { FONTS, THREAD_COLUMNS } from "@/lib/reports/pdf/columns";
import { TABLE_PAD } from "@/lib/reports/pdf/table";
import { scriptNote } from "@/lib/reports/pdf/scripts";

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

describe("texts the PDF cannot show faithfully", () => {
  const doc = new PDFDocument({ autoFirstPage: false });
  doc.registerFont("body", path.join(FONTS, "DejaVuSans.ttf"));
  doc.font("body");
  const summary = (title: string, body = "") => ({
    threadTitles: [],
    threads: [{ title, source: "s", comments: 1, avgSentiment: null, uncivilShare: null, removed: 0 }],
    removed: body ? [{ postedAt: new Date(0), thread: title, author: "A", reason: "spam", body }] : [],
  });

  it("are named on the title page: glyphs the font lacks, and right-to-left text", () => {
    expect(scriptNote(doc, summary("Ferry fares", "Café, naïve, Привет, Ελλάδα"))).toBe("");
    expect(scriptNote(doc, summary("中国新闻"))).toBe(
      "In this PDF 4 characters (scripts or emoji the report's font lacks) are shown as empty boxes; the CSV and JSON lines exports carry every text exactly. ",
    );
    expect(scriptNote(doc, summary("Ferry", "مرحبا CNN"))).toBe("In this PDF right-to-left text is shown left to right; the CSV and JSON lines exports carry every text exactly. ");
  });
});
