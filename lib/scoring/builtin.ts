import { z } from "zod";
import defaultModel from "./models/default.json";
import newsModel from "./models/news.json";
import sentimentModel from "./models/sentiment.json";
import { TextScorer } from "./engine";
import { incivilityModelSchema, type IncivilityModelFile } from "./incivility/model-file";
import { sentimentModelSchema } from "./sentiment/model-file";
import { PROFILES, type CommentScore, type ModelInfo, type Profile, type Scorer } from "./types";

const FILES: Record<Profile, unknown> = { default: defaultModel, news: newsModel };
const engines = new Map<Profile, TextScorer>();

/** The shipped model file of a profile, validated. */
export function shippedModel(profile: Profile): IncivilityModelFile {
  return incivilityModelSchema.parse(FILES[profile]);
}

/**
 * The builtin engine of a profile, built on first use (≈ 0.1 s) and kept: no
 * network, no files read after start.
 */
export function builtinEngine(profile: Profile): TextScorer {
  let engine = engines.get(profile);
  if (!engine) {
    engine = TextScorer.fromFiles(sentimentModelSchema.parse(sentimentModel), shippedModel(profile));
    engines.set(profile, engine);
  }
  return engine;
}

/** Name and version of a profile's shipped model, without building it. */
export function builtinModelInfo(profile: Profile): ModelInfo {
  const file = FILES[profile] as { name: string; version: string };
  return { name: file.name, version: file.version };
}

/** Wraps a synchronous engine as a batch scorer. */
export function scorerOf(engine: TextScorer): Scorer {
  return {
    model: engine.model,
    async scoreTexts(texts) {
      return texts.map((t) => engine.score(t));
    },
  };
}

/**
 * The profile this process runs when the settings name none (`SCORING_PROFILE`, default
 * `default`). A misspelt profile is refused, as `npm start` refuses it: run quietly with the
 * other profile, a newsroom would score with a model it did not choose.
 */
export function environmentProfile(): Profile {
  const parsed = z.enum(PROFILES).safeParse(process.env.SCORING_PROFILE || "default");
  if (!parsed.success) throw new Error(`SCORING_PROFILE is "${process.env.SCORING_PROFILE}": use ${PROFILES.join(" or ")}`);
  return parsed.data;
}

/** Scores one text with the builtin model of the environment's profile, without site calibration. */
export function scoreText(text: string): CommentScore {
  return builtinEngine(environmentProfile()).score(text);
}

/** The builtin scorer of the environment's profile (no site calibration, no database). */
export const builtinScorer: Scorer = {
  get model() {
    return builtinModelInfo(environmentProfile());
  },
  async scoreTexts(texts) {
    const engine = builtinEngine(environmentProfile());
    return texts.map((t) => engine.score(t));
  },
};
