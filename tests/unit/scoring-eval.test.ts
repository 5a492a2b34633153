import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { averagePrecision, bestF1, classification, pearson, precisionRecallAt, rocAuc } from "@/lib/scoring/eval/metrics";
import { DatasetError, readIncivilityCsv, readSentimentCsv } from "@/lib/scoring/eval/dataset";
import { evaluateIncivility, evaluateSentiment } from "@/lib/scoring/eval/evaluate";
import { builtinScorer } from "@/lib/scoring";
import { builtinModelInfo } from "@/lib/scoring/builtin";
import { referenceScorer } from "@/lib/scoring/eval/references";

describe("metrics", () => {
  it("computes ROC-AUC with ties counted half", () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBe(1);
    expect(rocAuc([0, 0, 1, 1], [0.9, 0.8, 0.2, 0.1])).toBe(0);
    expect(rocAuc([0, 1], [0.5, 0.5])).toBe(0.5);
    // 3 of 4 positive–negative pairs ordered right.
    expect(rocAuc([0, 1, 0, 1], [0.1, 0.3, 0.35, 0.8])).toBeCloseTo(0.75);
    expect(rocAuc([1, 1], [0.2, 0.3])).toBeNaN();
    expect(() => rocAuc([0, 1], [Number.NaN, 0.3])).toThrow(/not a finite number/);
  });

  it("computes average precision, best F1 and precision/recall at a threshold", () => {
    const labels = [1, 0, 1, 0, 0];
    const scores = [0.9, 0.8, 0.7, 0.2, 0.1];
    // Positives at ranks 1 and 3: AP = (1 + 2/3) / 2.
    expect(averagePrecision(labels, scores)).toBeCloseTo(5 / 6);
    expect(bestF1(labels, scores)).toMatchObject({ threshold: 0.7, precision: 2 / 3, recall: 1 });
    expect(precisionRecallAt(labels, scores, 0.85)).toMatchObject({ precision: 1, recall: 0.5 });
  });

  it("computes Pearson r, macro-F1 and accuracy", () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1);
    // Constant input has no correlation, whatever rounding the mean leaves.
    expect(pearson([0.1, 0.1, 0.1], [0.7, 0.7, 0.7])).toBeNaN();
    expect(pearson([0.1, 0.2, 0.3], [0.7, 0.7, 0.7])).toBeNaN();
    const result = classification(["a", "a", "b", "c"], ["a", "b", "b", "c"]);
    expect(result.accuracy).toBe(0.75);
    // F1: a = 2/3, b = 2/3, c = 1.
    expect(result.macroF1).toBeCloseTo((2 / 3 + 2 / 3 + 1) / 3);
  });
});

describe("labelled CSV files", () => {
  const write = (name: string, content: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cdk-eval-"));
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };

  it("reads rows, quoted newlines included", () => {
    const file = write("ok.csv", 'id,text,label,score\na,"two\nlines, quoted",1,0.8\nb,plain,0,\n');
    expect(readIncivilityCsv(file)).toEqual([
      { id: "a", text: "two\nlines, quoted", label: 1, score: 0.8 },
      { id: "b", text: "plain", label: 0, score: 0 },
    ]);
  });

  it("names the file and line of a bad row", () => {
    const file = write("bad-label.csv", "id,text,label\na,fine,0\nb,also fine,1\nc,broken,yes\n");
    expect(() => readIncivilityCsv(file)).toThrow(DatasetError);
    expect(() => readIncivilityCsv(file)).toThrow(`${file}:4: label`);
    const sentiment = write("bad-score.csv", "id,text,score\na,fine,0.5\nb,too high,3\n");
    expect(() => readSentimentCsv(sentiment)).toThrow(`${sentiment}:3: score`);
  });

  it("refuses a file without the needed columns, or that is not CSV", () => {
    const missing = write("missing.csv", "id,body\na,text\n");
    expect(() => readIncivilityCsv(missing)).toThrow(`${missing}:1: missing columns text, label`);
    const broken = write("broken.csv", 'id,text,label\na,"unterminated,1\n');
    expect(() => readIncivilityCsv(broken)).toThrow(/broken\.csv:\d+: not valid CSV/);
    expect(() => readIncivilityCsv("/nonexistent/file.csv")).toThrow(/file\.csv:0: cannot read: ENOENT/);
  });

  it("evaluates a scorer on labelled rows with the reported fields", async () => {
    const incivility = await evaluateIncivility(builtinScorer, [
      { id: "1", text: "Thanks for the careful reporting.", label: 0, score: 0 },
      { id: "2", text: "You are an idiot and a liar.", label: 1, score: 1 },
      { id: "3", text: "The budget vote is on Monday.", label: 0, score: 0 },
      { id: "4", text: "Shut up, you moron.", label: 1, score: 1 },
    ]);
    expect(incivility).toMatchObject({ task: "incivility", n: 4, positives: 2, auc: 1, f1: 1, model: `builtin-default@${builtinModelInfo("default").version}` });
    expect(incivility.commentsPerSecond).toBeGreaterThan(0);
    const sentiment = await evaluateSentiment(builtinScorer, [
      { id: "1", text: "A wonderful, moving tribute.", score: 0.8 },
      { id: "2", text: "A dreadful, dishonest policy.", score: -0.7 },
      { id: "3", text: "The meeting is on Tuesday.", score: 0 },
    ]);
    expect(sentiment).toMatchObject({ task: "sentiment", n: 3, macroF1: 1, accuracy: 1 });
    expect(sentiment.pearson).toBeGreaterThan(0.9);
  });
});

describe("reference methods", () => {
  it("scores with plain AFINN and VADER under their own names, and knows no other name", async () => {
    const afinn = referenceScorer("reference-afinn")!;
    const vader = referenceScorer("reference-vader")!;
    expect(afinn.model.name).toBe("reference-afinn");
    expect(vader.model.name).toBe("reference-vader");
    expect(referenceScorer("builtin-default")).toBeNull();
    for (const scorer of [afinn, vader]) {
      const [good, bad, plain] = await scorer.scoreTexts(["A wonderful, moving tribute.", "A horrible, dishonest mess.", "The meeting is on Tuesday."]);
      expect(good).toMatchObject({ sentimentLabel: "positive", spans: [] });
      expect(good!.sentiment).toBeGreaterThan(0);
      expect(bad!.sentimentLabel).toBe("negative");
      expect(bad!.sentiment).toBeLessThan(0);
      expect(plain).toMatchObject({ sentiment: 0, sentimentLabel: "neutral", incivility: 0 });
      // Incivility is negativity: the negative text has some, the others none.
      expect(bad!.incivility).toBeGreaterThan(0);
      expect(good!.incivility).toBe(0);
    }
  });

  it("weighs a contrast as VADER does and plain AFINN does not", async () => {
    const text = "The plan was good, but the result was horrible.";
    const [afinn] = await referenceScorer("reference-afinn")!.scoreTexts([text]);
    const [vader] = await referenceScorer("reference-vader")!.scoreTexts([text]);
    expect(afinn).toMatchObject({ sentiment: 0, sentimentLabel: "neutral" });
    expect(vader!.sentimentLabel).toBe("negative");
  });
});
