import type { IncivilityReport, SentimentReport } from "./evaluate";

const f3 = (x: number) => x.toFixed(3);

/** The human-readable form of an evaluation report. */
export function formatReport(r: IncivilityReport | SentimentReport): string {
  const lines =
    r.task === "incivility"
      ? [
          `model ${r.model} on ${r.n} comments (${r.positives} uncivil)`,
          `ROC-AUC            ${f3(r.auc)}`,
          `average precision  ${f3(r.averagePrecision)}`,
          `best F1            ${f3(r.f1)} at threshold ${f3(r.threshold)} (precision ${f3(r.precision)}, recall ${f3(r.recall)})`,
        ]
      : [
          `model ${r.model} on ${r.n} rated texts (neutral when |gold| ≤ ${r.goldNeutralBand})`,
          `Pearson r          ${f3(r.pearson)}`,
          `macro-F1 (3-class) ${f3(r.macroF1)}`,
          `accuracy           ${f3(r.accuracy)}`,
        ];
  lines.push(`speed              ${r.commentsPerSecond.toLocaleString("en-US")} comments/s`);
  return `${lines.join("\n")}\n`;
}
