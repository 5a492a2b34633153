import type { CommentScore, Scorer, SentimentLabel } from "../types";
import type { IncivilityRow, SentimentRow } from "./dataset";
import { averagePrecision, bestF1, classification, pearson, rocAuc } from "./metrics";
import { GOLD_NEUTRAL_BAND } from "./gold";

export type IncivilityReport = {
  task: "incivility";
  model: string;
  n: number;
  positives: number;
  auc: number;
  averagePrecision: number;
  /** Best F1 over thresholds, and that threshold. */
  f1: number;
  threshold: number;
  precision: number;
  recall: number;
  commentsPerSecond: number;
};

export type SentimentReport = {
  task: "sentiment";
  model: string;
  n: number;
  pearson: number;
  macroF1: number;
  accuracy: number;
  /** Gold labels: |score| ≤ this is neutral. */
  goldNeutralBand: number;
  commentsPerSecond: number;
};

const BATCH = 1000;
const round = (x: number) => Math.round(x * 10000) / 10000;

async function scoreAll(scorer: Scorer, texts: readonly string[]): Promise<{ scores: CommentScore[]; perSecond: number }> {
  // A warm-up pass, so building the model and compiling the code are not counted as scoring time.
  await scorer.scoreTexts(texts.slice(0, 500));
  const started = process.hrtime.bigint();
  const scores: CommentScore[] = [];
  for (let i = 0; i < texts.length; i += BATCH) scores.push(...(await scorer.scoreTexts(texts.slice(i, i + BATCH))));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { scores, perSecond: Math.round(texts.length / Math.max(seconds, 1e-9)) };
}

/** ROC-AUC, average precision and the best-F1 threshold of a scorer's incivility on labelled rows. */
export async function evaluateIncivility(scorer: Scorer, rows: readonly IncivilityRow[]): Promise<IncivilityReport> {
  const { scores, perSecond } = await scoreAll(scorer, rows.map((r) => r.text));
  const labels = rows.map((r) => r.label);
  const probabilities = scores.map((s) => s.incivility);
  const best = bestF1(labels, probabilities);
  return {
    task: "incivility",
    model: `${scorer.model.name}@${scorer.model.version}`,
    n: rows.length,
    positives: labels.filter((l) => l === 1).length,
    auc: round(rocAuc(labels, probabilities)),
    averagePrecision: round(averagePrecision(labels, probabilities)),
    f1: round(best.f1),
    threshold: round(best.threshold),
    precision: round(best.precision),
    recall: round(best.recall),
    commentsPerSecond: perSecond,
  };
}

const goldLabel = (score: number): SentimentLabel => (score > GOLD_NEUTRAL_BAND ? "positive" : score < -GOLD_NEUTRAL_BAND ? "negative" : "neutral");

/** Pearson r of sentiment values and 3-class macro-F1/accuracy of the labels against rated rows. */
export async function evaluateSentiment(scorer: Scorer, rows: readonly SentimentRow[]): Promise<SentimentReport> {
  const { scores, perSecond } = await scoreAll(scorer, rows.map((r) => r.text));
  const { macroF1, accuracy } = classification(rows.map((r) => goldLabel(r.score)), scores.map((s) => s.sentimentLabel));
  return {
    task: "sentiment",
    model: `${scorer.model.name}@${scorer.model.version}`,
    n: rows.length,
    pearson: round(pearson(rows.map((r) => r.score), scores.map((s) => s.sentiment))),
    macroF1: round(macroF1),
    accuracy: round(accuracy),
    goldNeutralBand: GOLD_NEUTRAL_BAND,
    commentsPerSecond: perSecond,
  };
}
