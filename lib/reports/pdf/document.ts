import path from "node:path";
import PDFDocument from "pdfkit";
import { resolveReportFilters, type ReportRequest } from "../filters";
import { recordExportRun, type ExportAudit, type ExportOutcome } from "../runs";
import { logFilters } from "../export";
import { COLORS, drawBarChart, drawHorizontalBars, drawLineChart } from "./charts";
import { drawTable } from "./table";
import { FONTS, THREAD_COLUMNS } from "./columns";
import { loadReportSummary, REMOVED_ROWS, type ReportSummary } from "./summary";
import { pct, removedText, score, shortName } from "./text";
import { heading, titlePage } from "./title-page";
import { ExportErasedError, erasedSince, lastErasure } from "@/lib/privacy/erasures";

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
    // Read before the summary: its removed comments are printed with their authors and texts.
    const erasures = await lastErasure();
    const summary = await loadReportSummary(filters);
    // Every query is done before the first byte: a report read across an erasure is refused whole.
    if (erasedSince(erasures, await lastErasure())) throw new ExportErasedError();
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
    s.threads.map((t) => [shortName(t.title), shortName(t.source), String(t.comments), score(t.avgSentiment), pct(t.uncivilShare), String(t.removed)]),
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
    s.removed.map((r) => [when.format(r.postedAt), `${shortName(r.thread)}\n${shortName(r.author)}`, shortName(r.reason), removedText(r.body)]),
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
