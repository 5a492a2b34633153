import type { Pool, PoolClient } from "pg";
import { pool } from "@/lib/db";
import { builtinEngine, builtinModelInfo, environmentProfile, scorerOf } from "./builtin";
import { adjusterFrom } from "./calibration/features";
import { lexiconScorer } from "./legacy/lexicon-scorer";
import { httpScorer } from "./providers/http";
import { getScoringConfig, getSiteCalibration, type ScoringConfig, type SiteCalibration } from "./settings";
import { PROFILES, type ModelInfo, type Profile, type Scorer } from "./types";

/** What is active in this process, as last read from the settings. */
export type ActiveState = {
  scorer: Scorer;
  provider: ScoringConfig["provider"];
  profile: Profile;
  calibration: SiteCalibration | null;
  loadedAt: number;
};

/** Settings are re-read at most this often on the request path (other processes may change them). */
const REFRESH_MS = 15_000;

let state: ActiveState | null = null;
let pending: Promise<ActiveState> | null = null;

function initialState(): ActiveState {
  const profile = environmentProfile();
  return { scorer: scorerOf(builtinEngine(profile)), provider: "builtin", profile, calibration: null, loadedAt: 0 };
}

/** Site-calibrated version: the shipped version plus the calibration's revision. */
export function calibratedModelInfo(profile: Profile, calibration: SiteCalibration): ModelInfo {
  const base = builtinModelInfo(profile);
  return { name: base.name, version: `${base.version}+site.${calibration.revision}` };
}

/** The builtin scorer of a profile with an optional site calibration (ignored if made for another version). */
export function builtinScorerFor(profile: Profile, calibration: SiteCalibration | null): Scorer {
  const engine = builtinEngine(profile);
  if (!calibration || calibration.baseVersion !== engine.model.version) return scorerOf(engine);
  return scorerOf(engine.withAdjuster(adjusterFrom(calibration), calibratedModelInfo(profile, calibration)));
}

/** Builds the scorer the stored settings describe. */
export async function readActiveState(client: Pool | PoolClient = pool): Promise<ActiveState> {
  return stateFor(await getScoringConfig(client), client);
}

/** Builds the scorer a configuration describes (with the stored calibration of its profile). */
export async function stateFor(config: ScoringConfig, client: Pool | PoolClient = pool): Promise<ActiveState> {
  const profile = config.profile ?? environmentProfile();
  if (config.provider === "http" && config.http) {
    return { scorer: httpScorer(config.http), provider: "http", profile, calibration: null, loadedAt: Date.now() };
  }
  const stored = await getSiteCalibration(profile, client);
  const calibration = stored && !stored.retiredAt ? stored : null;
  return { scorer: builtinScorerFor(profile, calibration), provider: "builtin", profile, calibration, loadedAt: Date.now() };
}

/** Reads the settings now and makes the result the process's active scorer. */
export async function loadActiveScorer(client: Pool | PoolClient = pool): Promise<Scorer> {
  state = await readActiveState(client);
  return state.scorer;
}

/**
 * The active scorer, read from the settings first if this process has not read them yet. A new
 * process (the export command, a worker's first export) otherwise answers with the shipped model
 * while its first read is under way, and would read the scores of a model that is not active.
 */
export async function settledActiveScorer(): Promise<Scorer> {
  if (!state || state.loadedAt === 0) return loadActiveScorer();
  return activeState().scorer;
}

/** The cached state (for the settings summary); refreshed in the background when old. */
export function activeState(): ActiveState {
  const current = state ?? initialState();
  state ??= current;
  if (Date.now() - current.loadedAt > REFRESH_MS && process.env.DATABASE_URL && !pending) {
    pending = readActiveState()
      .then((fresh) => (state = fresh))
      .catch((err: Error) => {
        console.error(`[scoring] could not read the scoring settings: ${err.message}`);
        return current;
      })
      .finally(() => (pending = null));
  }
  return current;
}

/** Makes a freshly built state this process's active one (right after changing the settings). */
export function useActiveState(next: ActiveState): void {
  state = next;
}

/**
 * A live handle on the scorer whose scores drive flags, queues and charts. Cheap
 * and synchronous: it answers from the process's cached settings, which
 * scoreComments re-reads before scoring and which refresh in the background.
 */
export const ACTIVE_SCORER: Scorer = {
  get model() {
    return activeState().scorer.model;
  },
  scoreTexts(texts) {
    return activeState().scorer.scoreTexts(texts);
  },
};

export function activeScorer(): Scorer {
  return ACTIVE_SCORER;
}

/** Names accepted by `--model`: the shipped profiles, the first lexicon model, and `active`. */
export const MODEL_NAMES = [...PROFILES.map((p) => `builtin-${p}` as const), "builtin-lexicon", "active"] as const;

/** A scorer by name, for evaluation and rescoring. `active` reads the settings (needs the database). */
export async function scorerByName(name: string, client?: Pool | PoolClient): Promise<Scorer> {
  if (name === "builtin-lexicon") return lexiconScorer;
  const profile = PROFILES.find((p) => name === `builtin-${p}`);
  if (profile) return scorerOf(builtinEngine(profile));
  if (name === "active") return loadActiveScorer(client);
  throw new Error(`unknown model "${name}": use one of ${MODEL_NAMES.join(", ")}`);
}
