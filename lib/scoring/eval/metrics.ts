/** Metrics for scorers, computed exactly (no sampling). */

/** Area under the ROC curve; ties count half (Mann–Whitney). NaN without both classes. */
export function rocAuc(labels: readonly number[], scores: readonly number[]): number {
  assertFinite(scores);
  const order = scores.map((s, i) => [s, i] as const).sort((a, b) => a[0] - b[0]);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j]![0] === order[i]![0]) j++;
    const midRank = (i + j + 1) / 2;
    for (let k = i; k < j; k++) {
      if (labels[order[k]![1]] === 1) {
        positives++;
        rankSum += midRank;
      }
    }
    i = j;
  }
  const negatives = labels.length - positives;
  if (!positives || !negatives) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

function assertFinite(scores: readonly number[]): void {
  const bad = scores.findIndex((s) => !Number.isFinite(s));
  if (bad >= 0) throw new Error(`score ${bad + 1} is not a finite number (${scores[bad]})`);
}

type Point = { threshold: number; precision: number; recall: number; f1: number };

/** Precision/recall at every distinct threshold, highest threshold first. */
function curve(labels: readonly number[], scores: readonly number[]): { points: Point[]; positives: number } {
  assertFinite(scores);
  const order = scores.map((s, i) => [s, labels[i]!] as const).sort((a, b) => b[0] - a[0]);
  const positives = labels.filter((l) => l === 1).length;
  const points: Point[] = [];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < order.length; ) {
    const threshold = order[i]![0];
    while (i < order.length && order[i]![0] === threshold) {
      if (order[i]![1] === 1) tp++;
      else fp++;
      i++;
    }
    const precision = tp / (tp + fp);
    const recall = positives ? tp / positives : 0;
    points.push({ threshold, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 });
  }
  return { points, positives };
}

/** Average precision: the area under the precision–recall curve as a step sum. */
export function averagePrecision(labels: readonly number[], scores: readonly number[]): number {
  const { points, positives } = curve(labels, scores);
  if (!positives) return Number.NaN;
  let ap = 0;
  let previousRecall = 0;
  for (const p of points) {
    ap += (p.recall - previousRecall) * p.precision;
    previousRecall = p.recall;
  }
  return ap;
}

/** The threshold with the best F1 (flag when score ≥ threshold) and that F1. */
export function bestF1(labels: readonly number[], scores: readonly number[]): Point {
  const { points } = curve(labels, scores);
  return points.reduce<Point>((best, p) => (p.f1 > best.f1 ? p : best), { threshold: 1, precision: 0, recall: 0, f1: 0 });
}

/** Precision, recall and F1 when flagging at score ≥ threshold. */
export function precisionRecallAt(labels: readonly number[], scores: readonly number[], threshold: number): Point {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  scores.forEach((s, i) => {
    const flagged = s >= threshold;
    if (flagged && labels[i] === 1) tp++;
    else if (flagged) fp++;
    else if (labels[i] === 1) fn++;
  });
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return { threshold, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

/** Pearson correlation. NaN when either side is constant. */
export function pearson(a: readonly number[], b: readonly number[]): number {
  // Checked exactly: the means of equal floats leave tiny deviations that would give ±1.
  if (a.every((x) => x === a[0]) || b.every((x) => x === b[0])) return Number.NaN;
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** Macro-averaged F1 over the classes present in either list, and accuracy. */
export function classification<T>(gold: readonly T[], predicted: readonly T[]): { macroF1: number; accuracy: number } {
  const classes = [...new Set([...gold, ...predicted])];
  let f1Sum = 0;
  for (const c of classes) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    gold.forEach((g, i) => {
      if (predicted[i] === c && g === c) tp++;
      else if (predicted[i] === c) fp++;
      else if (g === c) fn++;
    });
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = tp + fn ? tp / (tp + fn) : 0;
    f1Sum += precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  }
  const correct = gold.filter((g, i) => predicted[i] === g).length;
  return { macroF1: classes.length ? f1Sum / classes.length : Number.NaN, accuracy: gold.length ? correct / gold.length : Number.NaN };
}

/** Mean and sample standard deviation. */
export function meanSd(values: readonly number[]): { mean: number; sd: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.length > 1 ? values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean, sd: Math.sqrt(variance) };
}
