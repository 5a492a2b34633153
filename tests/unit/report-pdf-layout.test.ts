import path from "node:path";
import PDFDocument from "pdfkit";
import { describe, expect, it } from "vitest";
import { FONTS, THREAD_COLUMNS } from "@/lib/reports/pdf/columns";
import { drawTable, TABLE_PAD } from "@/lib/reports/pdf/table";
import { listed, removedText, shortName } from "@/lib/reports/pdf/text";
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
  const summary = (title: string, body = "") => [title, "s", ...(body ? [title, "A", "spam", removedText(body)] : [])];

  it("are named on the title page: glyphs the font lacks, and right-to-left text", () => {
    expect(scriptNote(doc, summary("Ferry fares", "Café, naïve, Привет, Ελλάδα"))).toBe("");
    expect(scriptNote(doc, summary("中国新闻"))).toBe(
      "In this PDF 4 characters (scripts or emoji the report's font lacks) are shown as empty boxes; the CSV and JSON lines exports carry every text exactly. ",
    );
    expect(scriptNote(doc, summary("Ferry", "مرحبا CNN"))).toBe("In this PDF right-to-left text is shown left to right; the CSV and JSON lines exports carry every text exactly. ");
  });
});

describe("the PDF report's pages", () => {
  const doc = () => {
    const d = new PDFDocument({ size: "A4", margins: { top: 50, bottom: 50, left: 50, right: 50 }, bufferPages: true });
    d.registerFont("body", path.join(FONTS, "DejaVuSans.ttf"));
    d.registerFont("bold", path.join(FONTS, "DejaVuSans-Bold.ttf"));
    return d.font("body");
  };
  const columns = [{ header: "Posted", width: 100 }, { header: "Comment", width: 395 }];

  it("cut a row taller than a page to one page, instead of breaking the page inside it", () => {
    const d = doc();
    d.y = 600; // the table starts low on its page
    drawTable(d, columns, [["1 Nov", "A calm remark."], ["2 Nov", `FREE MONEY${"\n!".repeat(400)}`], ["3 Nov", "Another remark."]]);
    // The tall row moves to a fresh page and stays on it; the next row follows on a third.
    expect(d.bufferedPageRange().count).toBe(3);
  });

  it("show a removed comment's line breaks as spaces, 400 characters at most", () => {
    expect(removedText(`FREE MONEY${"\n!".repeat(250)}`)).toBe(`FREE MONEY${" !".repeat(250)}`.slice(0, 400) + "…");
    expect(removedText("  two\n\nlines  ")).toBe("two lines");
  });

  it("list at most ten names in a filter, then how many more", () => {
    const names = Array.from({ length: 30 }, (_, i) => `Thread ${i + 1}`);
    expect(listed(names.slice(0, 10), "; ")).toBe(names.slice(0, 10).join("; "));
    expect(listed(names, "; ")).toBe(`${names.slice(0, 10).join("; ")}; … and 20 more`);
  });

  it("cut titles and names to 160 characters, so a title with no spaces cannot hold the server in pdfkit's line wrapping", () => {
    // A 20,000-character title with no break took pdfkit 22 s to wrap in a table cell.
    const title = "x".repeat(1_000_000);
    expect(shortName(title)).toBe(`${"x".repeat(160)}…`);
    expect(shortName(" Budget\nvote ")).toBe("Budget vote");
    // Never half an emoji at the cut.
    expect(shortName(`a${"😀".repeat(200)}`)).toBe(`a${"😀".repeat(79)}…`);
    expect(listed([title, "Budget"], "; ")).toBe(`${"x".repeat(160)}…; Budget`);
    const d = doc();
    drawTable(d, columns, [["1 Nov", shortName(`${"y".repeat(20_000)}`)]]);
    expect(d.bufferedPageRange().count).toBe(1);
  });
});
