import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { runTraining } from "@/lib/scoring/training/run";

// The word vectors take seconds and 137 MB to load: a missing file must be named before.
const loadWordVectors = vi.hoisted(() => vi.fn(() => {
  throw new Error("the word vectors were loaded");
}));
vi.mock("@/lib/scoring/training/embeddings", async (original) => ({ ...(await original<object>()), loadWordVectors }));

describe("training's inputs", () => {
  it("names every missing labelled file before loading anything or writing a model", () => {
    const data = fs.mkdtempSync(path.join(os.tmpdir(), "cdk-train-data-"));
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "cdk-train-out-"));
    fs.writeFileSync(path.join(data, "cat_large_wikipedia.csv"), "id,text,label,score\n");
    expect(() => runTraining({ dataDir: data, outDir: out, parts: ["sentiment", "incivility"], profiles: ["default"], folds: 5, seed: 7, version: "9.9.9" }, () => {})).toThrow(
      `${data} lacks sentiment_nyt_editorials.csv, davidson_offensive.csv: give the folder of the labelled sets with --data`,
    );
    expect(loadWordVectors).not.toHaveBeenCalled();
    expect(fs.readdirSync(out)).toEqual([]);
    fs.rmSync(data, { recursive: true });
    fs.rmSync(out, { recursive: true });
  });
});
