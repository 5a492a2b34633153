import path from "node:path";
import PDFDocument from "pdfkit";
import { formatDate } from "@/lib/analytics/dates";
import { describeFilters, resolveReportFilters, type ReportRequest, type ResolvedReportFilters } from "../filters";
import { recordExportRun, type ExportAudit, type ExportOutcome } from "../runs";
import { logFilters } from "../export";
import { COLORS, drawBarChart, drawHorizontalBars, drawLineChart } from "./charts";
import { drawTable } from "./table";
import { FONTS, THREAD_COLUMNS } from "./columns";
import { loadReportSummary, REMOVED_ROWS, type ReportSummary } from "./summary";
import { scriptNote } from "./scripts";

const pct = (v: number | null) => (v === null ? "–" : `${(v * 100).toFixed(1)}%`);
const score = (v: number | null) => (v === null ? "–" : v.toFixed(2));

/**
 * The PDF summary report: a title page with the filters and key figures, the main
 * charts drawn as vectors, the top threads and the removed comments with reasons.
 * Streams the file as it is written; the run is recorded with the comments covered.
 */
export async function* renderPdfReport(
  request: ReportRequest,
  audit: ExportAudit & { who: string },
  /** Told how many comments the report covers (pingbacks and trackbacks are left out). */
  onCount?: (comments: number) => void,
): AsyncGenerator<Uint8Array> {
  const filters = await resolveReportFilters(request.filters);
  let status: ExportOutcome = "cancelled";
  let rowCount = 0;
  try {
    const summary = await loadReportSummary(filters);
    rowCount = summary.figures.comments;
    onCount?.(rowCount);
    const doc = new PDFDocument({
      size: "A4",
      margins: { top: 50, bottom: 50, left: 50, right: 50 },
      bufferPages: true,
      info: { Title: "Comment report", Author: audit.who, Creator: "Comment desk" },
    });
    doc.registerFont("body", path.join(FONTS, "DejaVuSans.ttf"));
    doc.registerFont("bold", path.join(FONTS, "DejaVuSans-Bold.ttf"));
    doc.font("body");
    titlePage(doc, filters, summary, audit.who);
    // Without comments there is nothing to chart or list: the title page says so, and is the report.
    if (summary.figures.comments > 0) {
      chartPage(doc, summary);
      threadsPage(doc, summary);
      removedPages(doc, summary, filters.timezone);
    }
    pageNumbers(doc);
    doc.end();
    for await (const chunk of doc as unknown as AsyncIterable<Buffer>) yield new Uint8Array(chunk);
    status = "completed";
  } catch (err) {
    status = "failed";
    throw err;
  } finally {
    await recordExportRun(audit, { format: "pdf", filters: logFilters(filters, false), rowCount, status });
  }
}

function heading(doc: PDFKit.PDFDocument, text: string, size = 16) {
  doc.font("bold").fontSize(size).fillColor(COLORS.text).text(text, doc.page.margins.left, doc.y);
  doc.font("body").moveDown(0.4);
}

/** A removed comment as its table cell: line breaks read as spaces (a wall of them is a common spam), 400 characters at most. */
export function removedText(body: string): string {
  const flat = body.replace(/\s+/g, " ").trim();
  return flat.length > 400 ? `${flat.slice(0, 400)}…` : flat;
}

/** Names listed on the title page before "… and N more": the title page stays one page. */
const LISTED = 10;

/** A list of names for the filters table, the first LISTED of them and how many more. */
export function listed(names: readonly string[], separator: string): string {
  if (names.length <= LISTED) return names.join(separator);
  return `${names.slice(0, LISTED).join(separator)}${separator}… and ${(names.length - LISTED).toLocaleString("en")} more`;
}

function titlePage(doc: PDFKit.PDFDocument, f: ResolvedReportFilters, s: ReportSummary, who: string) {
  doc.font("bold").fontSize(26).fillColor(COLORS.text).text("Comment report");
  doc.font("body").fontSize(11).fillColor(COLORS.muted);
  const now = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeStyle: "short", timeZone: f.timezone }).format(new Date());
  doc.text(`Generated ${now} (${f.timezone}) by ${who}`).moveDown(1.2);

  heading(doc, "Filters", 13);
  const d = describeFilters(f);
  const rows: [string, string][] = [
    ["Dates", `${f.from ? formatDate(f.from) : "first comment"} – ${f.to ? formatDate(f.to) : "last comment"} (newsroom days, ${f.timezone})`],
    ["Sources", f.source.length ? listed(f.source, ", ") : "all"],
    ["Threads", f.thread.length ? listed(s.threadTitles.length ? s.threadTitles : f.thread.map(String), "; ") : "all"],
    ["Moderation status", f.status.length ? f.status.join(", ") : "any"],
    ["Status at the source", f.sourceStatus.length ? f.sourceStatus.join(", ") : "any"],
    ...(f.section.length ? [["Sections", listed(f.section.map((s) => s || "no section"), ", ")] as [string, string]] : []),
    ...(f.kind.length ? [["Kinds", f.kind.join(", ")] as [string, string]] : []),
    ["Attributes (50% or more)", f.attribute.length ? f.attribute.join(", ") : "any"],
    ["Scores from", String(d.model).replace("@", " ")],
  ];
  for (const [label, value] of rows) {
    const y = doc.y;
    doc.font("bold").fontSize(10).fillColor(COLORS.text).text(label, 50, y, { width: 150 });
    doc.font("body").text(value, 200, y, { width: 345 });
    doc.y = Math.max(doc.y, y + 14) + 2;
  }
  doc.moveDown(1.2);
  // The cards are drawn at fixed offsets: with long filters they start on a page of their own.
  if (doc.y + 200 > doc.page.height - doc.page.margins.bottom) doc.addPage();
  heading(doc, "Key figures", 13);
  const fig = s.figures;
  const cards: [string, string, string][] = [
    ["Comments", fig.comments.toLocaleString("en"), fig.first ? `${formatDate(fig.first)} – ${formatDate(fig.last!)}` : "none in range"],
    ["Average sentiment", score(fig.avgSentiment), "from −1 (negative) to 1"],
    ["Uncivil", pct(fig.uncivilShare), "incivility 50% or more"],
    ["Negative", pct(fig.negativeShare), "labelled negative"],
    ["Removed", fig.comments ? pct(fig.removed / fig.comments) : "–", `${fig.removed.toLocaleString("en")} rejected or deleted`],
    ["Flagged for review", fig.flagged.toLocaleString("en"), "at any time"],
  ];
  const top = doc.y;
  cards.forEach(([label, value, hint], i) => {
    const x = 50 + (i % 3) * 167;
    const y = top + Math.floor(i / 3) * 78;
    doc.roundedRect(x, y, 157, 68, 6).lineWidth(0.8).strokeColor(COLORS.grid).stroke();
    doc.fontSize(9).fillColor(COLORS.muted).text(label, x + 10, y + 8, { width: 137 });
    doc.font("bold").fontSize(20).fillColor(COLORS.text).text(value, x + 10, y + 22, { width: 137 });
    doc.font("body").fontSize(8).fillColor(COLORS.muted).text(hint, x + 10, y + 50, { width: 137 });
  });
  doc.y = top + 170;
  if (!fig.comments) {
    doc.font("bold").fontSize(12).fillColor(COLORS.text).text("No comments match these filters.", 50, doc.y, { width: 495 });
    doc.font("body").moveDown(0.6);
  }
  const scripts = scriptNote(doc, s);
  doc.fontSize(9).fillColor(COLORS.muted).text(
    `${scripts}Pingbacks and trackbacks are left out. ${fig.comments - fig.scored ? `${(fig.comments - fig.scored).toLocaleString("en")} comments have no score from this model version and count only in totals and removals. ` : ""}` +
      "Figures come from the same rows as the CSV export with the same filters.",
    50, doc.y, { width: 495 },
  );
}

function chartPage(doc: PDFKit.PDFDocument, s: ReportSummary) {
  doc.addPage();
  // Chart labels move doc.y as they are written: place each block from a fixed top.
  let top = doc.y;
  heading(doc, `Comments per ${s.bucket}`);
  drawBarChart(doc, { x: 90, y: top + 34, width: 440, height: 150 }, s.series.map((p) => ({ label: p.label, value: p.comments })));
  top += 230;
  doc.y = top;
  heading(doc, `Sentiment and incivility per ${s.bucket}`);
  drawLineChart(doc, { x: 90, y: top + 50, width: 410, height: 150 }, s.series.map((p) => p.label), [
    { name: "Average sentiment", color: COLORS.blue, values: s.series.map((p) => p.avgSentiment), domain: [-1, 1], format: (v) => v.toFixed(1), side: "left" },
    { name: "Uncivil share", color: COLORS.red, values: s.series.map((p) => p.uncivilShare), domain: [0, 1], format: (v) => `${Math.round(v * 100)}%`, side: "right" },
  ]);
  top += 250;
  doc.y = top;
  heading(doc, "Kinds of incivility (comments scoring 50% or more)");
  if (!s.attributes.length) doc.fontSize(10).fillColor(COLORS.muted).text("No attribute scores for these comments.");
  else drawHorizontalBars(doc, { x: 50, y: top + 30, width: 495, height: 150 }, s.attributes.map((a) => ({ label: a.label, value: a.present, text: `${a.present.toLocaleString("en")} (${pct(a.share)})` })));
}

function threadsPage(doc: PDFKit.PDFDocument, s: ReportSummary) {
  doc.addPage();
  heading(doc, "Top threads by comments");
  if (!s.threads.length) {
    doc.fontSize(10).fillColor(COLORS.muted).text("No comments match these filters.");
    return;
  }
  drawTable(
    doc,
    THREAD_COLUMNS,
    s.threads.map((t) => [t.title, t.source, String(t.comments), score(t.avgSentiment), pct(t.uncivilShare), String(t.removed)]),
    { fontSize: 9 },
  );
}

/** Starts a section below the last one when this much room is left on the page, else on a new page. */
function startSection(doc: PDFKit.PDFDocument, room: number) {
  if (doc.y + 40 + room > doc.page.height - doc.page.margins.bottom) {
    doc.addPage();
    return;
  }
  doc.x = doc.page.margins.left;
  doc.y += 40;
}

function removedPages(doc: PDFKit.PDFDocument, s: ReportSummary, timezone: string) {
  // A short thread table leaves room: the removed comments follow it rather than open a page of their own.
  startSection(doc, 160);
  heading(doc, `Removed comments (${s.removedTotal.toLocaleString("en")})`);
  if (!s.removed.length) {
    doc.fontSize(10).fillColor(COLORS.muted).text("No comment matching these filters was rejected, deleted or marked as spam.");
    return;
  }
  if (s.removedTotal > s.removed.length) {
    doc.fontSize(9).fillColor(COLORS.muted).text(`The first ${REMOVED_ROWS} by time; the CSV export with the same filters lists all of them.`).moveDown(0.4);
  }
  const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: timezone });
  drawTable(
    doc,
    [{ header: "Posted", width: 70 }, { header: "Thread / author", width: 120 }, { header: "Reason", width: 85 }, { header: "Comment", width: 220 }],
    s.removed.map((r) => [when.format(r.postedAt), `${r.thread}\n${r.author}`, r.reason, removedText(r.body)]),
  );
}

function pageNumbers(doc: PDFKit.PDFDocument) {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.fontSize(8).fillColor(COLORS.muted).text(`Comment report · page ${i + 1} of ${count}`, 50, doc.page.height - 35, { width: 495, align: "center", lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}
