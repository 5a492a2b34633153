/** Vector charts drawn straight onto a PDFKit page (lines and rectangles, no images). */

export const COLORS = { blue: "#1f5fbf", red: "#b3261e", amber: "#b07d10", grey: "#9aa3b2", grid: "#dde1e8", text: "#1d2330", muted: "#5b6475" };

type Box = { x: number; y: number; width: number; height: number };

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function axisLabels(doc: PDFKit.PDFDocument, box: Box, labels: string[]) {
  const every = Math.max(1, Math.ceil(labels.length / Math.floor(box.width / 46)));
  const step = box.width / Math.max(1, labels.length);
  doc.fontSize(7).fillColor(COLORS.muted);
  labels.forEach((label, i) => {
    if (i % every) return;
    doc.text(label, box.x + i * step + step / 2 - 25, box.y + box.height + 4, { width: 50, align: "center", lineBreak: false });
  });
}

function grid(doc: PDFKit.PDFDocument, box: Box, ticks: { value: number; label: string }[], toY: (v: number) => number, side: "left" | "right" = "left") {
  doc.fontSize(7);
  for (const tick of ticks) {
    const y = toY(tick.value);
    if (side === "left") doc.moveTo(box.x, y).lineTo(box.x + box.width, y).lineWidth(0.5).strokeColor(COLORS.grid).stroke();
    const x = side === "left" ? box.x - 34 : box.x + box.width + 4;
    doc.fillColor(COLORS.muted).text(tick.label, x, y - 3, { width: 30, align: side === "left" ? "right" : "left", lineBreak: false });
  }
}

/** Vertical bars of counts per period. */
export function drawBarChart(doc: PDFKit.PDFDocument, box: Box, data: { label: string; value: number }[], color = COLORS.blue) {
  const max = niceMax(Math.max(0, ...data.map((d) => d.value)));
  const toY = (v: number) => box.y + box.height - (v / max) * box.height;
  grid(doc, box, [0, 0.25, 0.5, 0.75, 1].map((k) => ({ value: k * max, label: String(Math.round(k * max * 10) / 10) })), toY);
  const step = box.width / Math.max(1, data.length);
  const barWidth = Math.max(1, step * 0.75);
  data.forEach((d, i) => {
    if (d.value <= 0) return;
    doc.rect(box.x + i * step + (step - barWidth) / 2, toY(d.value), barWidth, box.y + box.height - toY(d.value)).fillColor(color).fill();
  });
  doc.moveTo(box.x, box.y + box.height).lineTo(box.x + box.width, box.y + box.height).lineWidth(0.8).strokeColor(COLORS.muted).stroke();
  axisLabels(doc, box, data.map((d) => d.label));
}

export type LineSeries = { name: string; color: string; values: (number | null)[]; domain: [number, number]; format: (v: number) => string; side: "left" | "right" };

/** Lines over periods, each on its own axis (left or right); gaps where a period has no value. */
export function drawLineChart(doc: PDFKit.PDFDocument, box: Box, labels: string[], series: LineSeries[]) {
  const step = box.width / Math.max(1, labels.length);
  for (const s of series) {
    const [lo, hi] = s.domain;
    const toY = (v: number) => box.y + box.height - ((v - lo) / (hi - lo)) * box.height;
    grid(doc, box, [0, 0.25, 0.5, 0.75, 1].map((k) => ({ value: lo + k * (hi - lo), label: s.format(lo + k * (hi - lo)) })), toY, s.side);
    let drawing = false;
    s.values.forEach((v, i) => {
      const x = box.x + i * step + step / 2;
      if (v === null) {
        drawing = false;
        return;
      }
      if (!drawing) doc.moveTo(x, toY(v));
      else doc.lineTo(x, toY(v));
      drawing = true;
    });
    doc.lineWidth(1.4).strokeColor(s.color).stroke();
    s.values.forEach((v, i) => {
      if (v !== null) doc.circle(box.x + i * step + step / 2, toY(v), 1.6).fillColor(s.color).fill();
    });
  }
  doc.moveTo(box.x, box.y + box.height).lineTo(box.x + box.width, box.y + box.height).lineWidth(0.8).strokeColor(COLORS.muted).stroke();
  axisLabels(doc, box, labels);
  let legendX = box.x;
  doc.fontSize(8);
  for (const s of series) {
    doc.rect(legendX, box.y - 14, 10, 3).fillColor(s.color).fill();
    doc.fillColor(COLORS.text).text(`${s.name} (${s.side} axis)`, legendX + 14, box.y - 17, { lineBreak: false });
    legendX += 20 + doc.widthOfString(`${s.name} (${s.side} axis)`) + 12;
  }
}

/** Horizontal bars with a label on the left and the value on the right. */
export function drawHorizontalBars(doc: PDFKit.PDFDocument, box: Box, data: { label: string; value: number; text: string }[], color = COLORS.amber) {
  const max = Math.max(0, ...data.map((d) => d.value)) || 1;
  const row = Math.min(22, box.height / Math.max(1, data.length));
  const labelWidth = 110;
  const barArea = box.width - labelWidth - 70;
  data.forEach((d, i) => {
    const y = box.y + i * row;
    doc.fontSize(9).fillColor(COLORS.text).text(d.label, box.x, y + row / 2 - 5, { width: labelWidth - 8, align: "right", lineBreak: false });
    const width = Math.max(d.value > 0 ? 1.5 : 0, (d.value / max) * barArea);
    doc.rect(box.x + labelWidth, y + row * 0.2, width, row * 0.6).fillColor(color).fill();
    doc.fontSize(8).fillColor(COLORS.muted).text(d.text, box.x + labelWidth + width + 4, y + row / 2 - 4, { lineBreak: false });
  });
}
