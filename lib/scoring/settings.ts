import { z } from "zod";
import type { Pool, PoolClient } from "pg";
import { pool } from "@/lib/db";
import { httpProviderSchema } from "./providers/http";
import { PROFILES } from "./types";
import { CALIBRATION_FEATURES } from "./calibration/features";

type Client = Pool | PoolClient;

/** Which engine scores comments. Stored in `setting` under `scoring.config`. */
export const scoringConfigSchema = z
  .object({
    provider: z.enum(["builtin", "http"]).default("builtin"),
    /** Unset: the SCORING_PROFILE environment variable (default `default`). */
    profile: z.enum(PROFILES).optional(),
    http: httpProviderSchema.optional(),
  })
  .refine((c) => c.provider !== "http" || c.http, { message: "the http provider needs http.url and http.model", path: ["http"] });
export type ScoringConfig = z.infer<typeof scoringConfigSchema>;

/** A site calibration fitted from moderators' decisions, on top of one shipped profile. */
export const siteCalibrationSchema = z.object({
  /** Increments with every activation; part of the model version (`1.0.0+site.3`). */
  revision: z.number().int().positive(),
  profile: z.enum(PROFILES),
  /** Version of the shipped model it was fitted on: a retrained model voids it. */
  baseVersion: z.string(),
  /** Logistic regression over the base model's outputs (see calibration/features.ts). */
  // One finite weight per feature: a short or NaN list would score every comment NaN.
  weights: z.array(z.number().finite()).length(CALIBRATION_FEATURES.length),
  bias: z.number().finite(),
  fittedAt: z.string(),
  labels: z.number().int().nonnegative(),
  /** Set when the newsroom returned to the shipped model; kept so revision numbers never repeat. */
  retiredAt: z.string().optional(),
});
export type SiteCalibration = z.infer<typeof siteCalibrationSchema>;

export const CONFIG_KEY = "scoring.config";
export const calibrationKey = (profile: string) => `scoring.calibration.${profile}`;

async function readSetting(key: string, client: Client): Promise<unknown> {
  const { rows } = await client.query<{ value: unknown }>("SELECT value FROM setting WHERE key = $1", [key]);
  return rows[0]?.value;
}

async function writeSetting(key: string, value: unknown, client: Client): Promise<void> {
  await client.query(
    `INSERT INTO setting (key, value) VALUES ($1, $2)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [key, JSON.stringify(value)],
  );
}

/** The stored scoring configuration; a missing or unreadable one means the builtin defaults. */
export async function getScoringConfig(client: Client = pool): Promise<ScoringConfig> {
  const parsed = scoringConfigSchema.safeParse((await readSetting(CONFIG_KEY, client)) ?? {});
  if (!parsed.success) console.error(`[scoring] setting ${CONFIG_KEY} is invalid, using the builtin defaults`);
  return parsed.success ? parsed.data : { provider: "builtin" };
}

export async function setScoringConfig(value: z.input<typeof scoringConfigSchema>, client: Client = pool): Promise<ScoringConfig> {
  const valid = scoringConfigSchema.parse(value);
  await writeSetting(CONFIG_KEY, valid, client);
  return valid;
}

export async function getSiteCalibration(profile: string, client: Client = pool): Promise<SiteCalibration | null> {
  const raw = await readSetting(calibrationKey(profile), client);
  if (raw === undefined || raw === null) return null;
  const parsed = siteCalibrationSchema.safeParse(raw);
  if (!parsed.success) console.error(`[scoring] setting ${calibrationKey(profile)} is invalid and ignored`);
  return parsed.success ? parsed.data : null;
}

export async function setSiteCalibration(value: SiteCalibration | null, profile: string, client: Client = pool): Promise<void> {
  if (value === null) await client.query("DELETE FROM setting WHERE key = $1", [calibrationKey(profile)]);
  else await writeSetting(calibrationKey(profile), siteCalibrationSchema.parse(value), client);
}
