import { formatDate } from "@/lib/analytics/dates";
import { describeFilters, type ResolvedReportFilters } from "../filters";
import { COLORS } from "./charts";
import { scriptNote } from "./scripts";
import type { ReportSummary } from "./summary";
import { listed, pct, removedText, score, shortName } from "./text";

export function heading(doc: PDFKit.PDFDocument, text: string, size = 16) {
  doc.font("bold").fontSize(size).fillColor(COLORS.text).text(text, doc.page.margins.left, doc.y);
  doc.font("body").moveDown(0.4);
}

/** The filters table: a label and what was chosen, as printed. */
export function filterRows(f: ResolvedReportFilters, s: Pick<ReportSummary, "threadTitles">): [string, string][] {
  const d = describeFilters(f);
  return [
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
}

/**
 * The PDF summarises comments only (as Insights does). Filters choosing only pingbacks or trackbacks
 * would give a report of nothing that reads as "no comments match": the title page says why instead,
 * and where they are. A PDF is still made, so a link from the builder never ends in an error page.
 */
export function kindNote(f: Pick<ResolvedReportFilters, "kind">): string | null {
  if (!f.kind.length || f.kind.includes("comment")) return null;
  const kinds = [...f.kind].sort().map((k) => `${k}s`).join(" and ");
  return `This report summarises comments, and these filters choose only ${kinds}: pingbacks and trackbacks are not summarised. The CSV and JSON lines exports with the same filters list them.`;
}

/** Every text from the data that the report prints, as printed (lists cut to ten, comments to 400 characters). */
export function printedTexts(f: ResolvedReportFilters, s: Pick<ReportSummary, "threadTitles" | "threads" | "removed">, who: string): string[] {
  return [
    who,
    ...filterRows(f, s).map(([, value]) => value),
    ...s.threads.flatMap((t) => [shortName(t.title), shortName(t.source)]),
    ...s.removed.flatMap((r) => [shortName(r.thread), shortName(r.author), shortName(r.reason), removedText(r.body)]),
  ];
}

export function titlePage(doc: PDFKit.PDFDocument, f: ResolvedReportFilters, s: ReportSummary, who: string) {
  doc.font("bold").fontSize(26).fillColor(COLORS.text).text("Comment report");
  doc.font("body").fontSize(11).fillColor(COLORS.muted);
  const now = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeStyle: "short", timeZone: f.timezone }).format(new Date());
  doc.text(`Generated ${now} (${f.timezone}) by ${who}`).moveDown(1.2);

  heading(doc, "Filters", 13);
  for (const [label, value] of filterRows(f, s)) {
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
  const kinds = kindNote(f);
  if (kinds || !fig.comments) {
    doc.font("bold").fontSize(12).fillColor(COLORS.text).text(kinds ?? "No comments match these filters.", 50, doc.y, { width: 495 });
    doc.font("body").moveDown(0.6);
  }
  const scripts = scriptNote(doc, printedTexts(f, s, who));
  doc.fontSize(9).fillColor(COLORS.muted).text(
    `${scripts}Pingbacks and trackbacks are left out. ${fig.comments - fig.scored ? `${(fig.comments - fig.scored).toLocaleString("en")} comments have no score from this model version and count only in totals and removals. ` : ""}` +
      "Figures come from the same rows as the CSV export with the same filters.",
    50, doc.y, { width: 495 },
  );
}
