import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { SentimentEngine } from "../engine";
import { readSentimentCsv } from "../eval/dataset";
import { incivilityModelSchema } from "../incivility/model-file";
import { sentimentModelSchema, type SentimentModelFile } from "../sentiment/model-file";
import { PROFILES, type Profile } from "../types";
import { loadWordVectors } from "./embeddings";
import { PROFILE_SOURCES, SOURCE_INFO } from "./corpus";
import { trainIncivility } from "./incivility";
import { trainSentiment } from "./sentiment";

export const PROJECT_ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
export const MODELS_DIR = path.join(PROJECT_ROOT, "lib", "scoring", "models");
/** Labelled data lives next to the project (../shared/data/train), never inside it. */
export const DEFAULT_DATA_DIR = path.resolve(PROJECT_ROOT, "..", "shared", "data", "train");
const SENTIMENT_CALIBRATION_FILE = "sentiment_nyt_editorials.csv";

export const trainOptionsSchema = z.object({
  parts: z.array(z.enum(["sentiment", "incivility"])).min(1),
  profiles: z.array(z.enum(PROFILES)).min(1),
  dataDir: z.string().min(1),
  outDir: z.string().min(1),
  folds: z.number().int().min(2).max(20),
  seed: z.number().int(),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, "must look like 1.2.3"),
});
export type TrainOptions = z.infer<typeof trainOptionsSchema>;

/** Writes JSON with sorted keys off, numbers as computed: identical inputs give identical bytes. */
function writeModel(file: string, value: unknown): number {
  const text = `${JSON.stringify(value)}\n`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return Buffer.byteLength(text);
}

export function readSentimentModel(dir = MODELS_DIR): SentimentModelFile {
  return sentimentModelSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, "sentiment.json"), "utf8")));
}

/**
 * Trains the shipped models: the sentiment extension and calibration, then each
 * profile's incivility model (which reads the sentiment model's output).
 */
export function runTraining(input: TrainOptions, log: (line: string) => void): { file: string; bytes: number }[] {
  const o = trainOptionsSchema.parse(input);
  requireInputs(o.dataDir, o.parts.includes("sentiment"), o.parts.includes("incivility") ? (o.profiles as Profile[]) : []);
  const vectors = loadWordVectors(log);
  // Every model is trained before any file is written: a failure leaves the shipped set whole.
  const models: { file: string; value: unknown }[] = [];
  let sentiment: SentimentModelFile;
  if (o.parts.includes("sentiment")) {
    const rows = readSentimentCsv(path.join(o.dataDir, SENTIMENT_CALIBRATION_FILE));
    sentiment = trainSentiment(rows, vectors, { folds: o.folds, seed: o.seed, version: o.version, log });
    models.push({ file: path.join(o.outDir, "sentiment.json"), value: sentiment });
  } else sentiment = readSentimentModel(o.outDir);
  if (o.parts.includes("incivility")) {
    const engine = new SentimentEngine(sentiment);
    for (const profile of o.profiles as Profile[]) {
      const model = trainIncivility({ profile, dataDir: o.dataDir, vectors, sentiment: engine, folds: o.folds, seed: o.seed, version: o.version, log });
      models.push({ file: path.join(o.outDir, `${profile}.json`), value: incivilityModelSchema.parse(model) });
    }
  }
  return models.map(({ file, value }) => ({ file, bytes: writeModel(file, value) }));
}

/** Names a missing labelled file before the word vectors (minutes, 137 MB cached) are loaded. */
function requireInputs(dataDir: string, sentiment: boolean, profiles: readonly Profile[]): void {
  const files = new Set<string>(sentiment ? [SENTIMENT_CALIBRATION_FILE] : []);
  for (const profile of profiles) for (const source of PROFILE_SOURCES[profile]) files.add(SOURCE_INFO[source].file);
  const missing = [...files].filter((f) => !fs.statSync(path.join(dataDir, f), { throwIfNoEntry: false })?.isFile());
  if (missing.length) throw new Error(`${dataDir} lacks ${missing.join(", ")}: give the folder of the labelled sets with --data`);
}
