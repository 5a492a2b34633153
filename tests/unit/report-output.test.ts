import path from "node:path";
import PDFDocument from "pdfkit";
import { describe, expect, it } from "vitest";
import { MAX_DAYS } from "@/lib/analytics/filters";
import { addDays } from "@/lib/analytics/dates";
import { jsonLine, localTime } from "@/lib/reports/formats";
import { reportFiltersSchema, reportRequestFromSearch, reportRequestSchema, usableReportFilters, type ResolvedReportFilters } from "@/lib/reports/filters";
import { JOBS } from "@/lib/jobs/definitions";
import { FONTS } from "@/lib/reports/pdf/columns";
import { kindNote, printedTexts } from "@/lib/reports/pdf/title-page";
import { scriptNote } from "@/lib/reports/pdf/scripts";
import type { ReportSummary } from "@/lib/reports/pdf/summary";

describe("JSON lines", () => {
  it("escape the line and paragraph separators and NEL, which some readers take as line ends", () => {
    const line = jsonLine({ body: "a\u2028b\u2029c\u0085d\n" });
    expect(line).toBe('{"body":"a\\u2028b\\u2029c\\u0085d\\n"}\n');
    expect(line.slice(0, -1)).not.toMatch(/[\u2028\u2029\u0085\n]/);
    expect(JSON.parse(line)).toEqual({ body: "a\u2028b\u2029c\u0085d\n" });
  });
});

describe("a CSV's local time column", () => {
  it("is the newsroom's wall-clock time, seconds included, across midnight and summer time", () => {
    const berlin = localTime("Europe/Berlin");
    expect(berlin("2026-05-31T22:30:00.000Z")).toBe("2026-06-01 00:30:00");
    expect(berlin("2026-01-15T09:05:07.999Z")).toBe("2026-01-15 10:05:07");
    expect(localTime("UTC")("2026-03-01T00:00:00.000Z")).toBe("2026-03-01 00:00:00");
    expect(localTime("America/New_York")("2026-03-01T03:59:59.000Z")).toBe("2026-02-28 22:59:59");
  });
});

describe("report date ranges", () => {
  const today = new Date().toISOString().slice(0, 10);

  it("are at most ten years at once, as on the Insights page", () => {
    expect(reportFiltersSchema.parse({ from: "2016-01-01", to: addDays("2016-01-01", MAX_DAYS - 1) }).from).toBe("2016-01-01");
    expect(() => reportFiltersSchema.parse({ from: "2016-01-01", to: addDays("2016-01-01", MAX_DAYS) })).toThrow(/at most ten years at once/);
    expect(() => reportRequestFromSearch(new URLSearchParams("format=pdf&from=0001-01-01&to=9998-12-31"))).toThrow(/at most ten years at once/);
    // A from alone runs to the last comment, which may be today.
    expect(() => reportFiltersSchema.parse({ from: "0001-01-01" })).toThrow(/from is more than ten years ago/);
    expect(reportFiltersSchema.parse({ from: addDays(today, -(MAX_DAYS - 2)) }).to).toBeUndefined();
    // No dates at all is every comment, as before.
    expect(reportFiltersSchema.parse({}).from).toBeUndefined();
  });

  it("are checked when asked for, and a queued export reads back as it was stored", () => {
    // The rule for a from alone moves with the date, and earlier versions queued exports without it.
    const queued = { format: "csv", bom: false, filters: { from: "2001-01-01" } };
    expect(() => reportRequestSchema.parse(queued)).toThrow(/from is more than ten years ago/);
    expect(JOBS["export-report"].schema.parse({ ...queued, userId: 1, via: "ui" }).filters.from).toBe("2001-01-01");
  });

  it("refused keep the form's other fields", () => {
    expect(usableReportFilters(new URLSearchParams("from=2001-01-01&to=2026-01-01&source=a"))).toMatchObject({ from: "2001-01-01", to: "2026-01-01", source: ["a"] });
  });
});

const filters = (f: Partial<ResolvedReportFilters> = {}): ResolvedReportFilters => ({
  source: [], thread: [], status: [], sourceStatus: [], section: [], kind: [], attribute: [],
  model: { name: "m", version: "1" }, timezone: "UTC", ...f,
});

type Printed = Pick<ReportSummary, "threadTitles" | "threads" | "removed">;
const summary = (s: Partial<Printed> = {}): Printed => ({ threadTitles: [], threads: [], removed: [], ...s });

describe("a byte-order mark", () => {
  it("is kept for CSV and dropped for the other formats, which no file or log then claims to have", () => {
    expect(reportRequestFromSearch(new URLSearchParams("format=csv&bom=1")).bom).toBe(true);
    expect(reportRequestFromSearch(new URLSearchParams("format=jsonl&bom=1")).bom).toBe(false);
    expect(reportRequestSchema.parse({ format: "pdf", bom: true, filters: {} }).bom).toBe(false);
  });
});

describe("the PDF's title page", () => {
  it("says that pingbacks and trackbacks are not summarised when the filters choose nothing else", () => {
    expect(kindNote(filters())).toBeNull();
    expect(kindNote(filters({ kind: ["comment", "pingback"] }))).toBeNull();
    expect(kindNote(filters({ kind: ["pingback"] }))).toBe(
      "This report summarises comments, and these filters choose only pingbacks: pingbacks and trackbacks are not summarised. The CSV and JSON lines exports with the same filters list them.",
    );
    expect(kindNote(filters({ kind: ["trackback", "pingback"] }))).toMatch(/choose only pingbacks and trackbacks:/);
  });

  describe("counts the characters its font lacks in what it prints", () => {
    const doc = new PDFDocument({ autoFirstPage: false });
    doc.registerFont("body", path.join(FONTS, "DejaVuSans.ttf"));
    doc.font("body");
    const count = (texts: string[]) => /In this PDF ([\d,]+) characters/.exec(scriptNote(doc, texts))?.[1] ?? "0";

    it("the first 400 characters of a removed comment, not its whole text", () => {
      const removed = [{ postedAt: new Date(0), thread: "Ferry", author: "A", reason: "spam", body: "中".repeat(1000) }];
      expect(count(printedTexts(filters(), summary({ removed }), "me@example.org"))).toBe("400");
    });

    it("sources and sections named on the title page (the ten listed), and the threads table's source keys", () => {
      const f = filters({ source: Array.from({ length: 12 }, () => "東京"), section: ["社会"] });
      expect(count(printedTexts(f, summary(), "me@example.org"))).toBe(String(10 * 2 + 2));
      const threads = [{ title: "Ferry", source: "東京", comments: 1, avgSentiment: null, uncivilShare: null, removed: 0 }];
      expect(count(printedTexts(filters(), summary({ threads }), "me@example.org"))).toBe("2");
    });

    it("titles and names as cut for printing: 160 characters of each", () => {
      const threads = [{ title: "中".repeat(50_000), source: "s", comments: 1, avgSentiment: null, uncivilShare: null, removed: 0 }];
      expect(count(printedTexts(filters(), summary({ threads }), "me@example.org"))).toBe("160");
      const removed = [{ postedAt: new Date(0), thread: "中".repeat(500), author: "東".repeat(500), reason: "spam", body: "" }];
      expect(count(printedTexts(filters(), summary({ removed }), "me@example.org"))).toBe("320");
    });
  });
});
