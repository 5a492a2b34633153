import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runTraining } from "@/lib/scoring/training/run";

describe("training's inputs", () => {
  it("names every missing labelled file before loading anything or writing a model", () => {
    const data = fs.mkdtempSync(path.join(os.tmpdir(), "cdk-train-data-"));
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "cdk-train-out-"));
    fs.writeFileSync(path.join(data, "cat_large_wikipedia.csv"), "id,text,label,score\n");
    const started = Date.now();
    expect(() => runTraining({ dataDir: data, outDir: out, parts: ["sentiment", "incivility"], profiles: ["default"], folds: 5, seed: 7, version: "9.9.9" }, () => {})).toThrow(
      `${data} lacks sentiment_nyt_editorials.csv, davidson_offensive.csv: give the folder of the labelled sets with --data`,
    );
    // Refused at once (the word vectors take seconds to load), and nothing written.
    expect(Date.now() - started).toBeLessThan(1000);
    expect(fs.readdirSync(out)).toEqual([]);
    fs.rmSync(data, { recursive: true });
    fs.rmSync(out, { recursive: true });
  });
});
