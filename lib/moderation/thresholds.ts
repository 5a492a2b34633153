import { z } from "zod";
import type { Pool, PoolClient } from "pg";
import { pool } from "@/lib/db";

const probability = z.number().min(0).max(1);

/**
 * A comment is flagged when its overall incivility, or any attribute, reaches its
 * threshold. Attribute thresholds let a newsroom flag every likely threat while
 * tolerating mild profanity, say.
 */
export const thresholdsSchema = z.object({
  incivility: probability,
  insult: probability,
  profanity: probability,
  threat: probability,
  identityAttack: probability,
  hostility: probability,
  shouting: probability,
});
export type Thresholds = z.infer<typeof thresholdsSchema>;
export type ThresholdKey = keyof Thresholds;
export const THRESHOLD_KEYS = Object.keys(thresholdsSchema.shape) as ThresholdKey[];

export const DEFAULT_THRESHOLDS: Thresholds = {
  incivility: 0.5,
  insult: 0.7,
  profanity: 0.8,
  threat: 0.5,
  identityAttack: 0.5,
  hostility: 0.8,
  // Capitals alone never flag by default.
  shouting: 1,
};
const KEY = "moderation.thresholds";

type Client = Pool | PoolClient;

export async function getThresholds(client: Client = pool): Promise<Thresholds> {
  const { rows } = await client.query<{ value: unknown }>("SELECT value FROM setting WHERE key = $1", [KEY]);
  // Older settings may lack newer keys: fill them from the defaults.
  const parsed = thresholdsSchema.safeParse({ ...DEFAULT_THRESHOLDS, ...(rows[0]?.value as object | undefined) });
  return parsed.success ? parsed.data : DEFAULT_THRESHOLDS;
}

export async function setThresholds(value: Partial<Thresholds>, client: Client = pool): Promise<Thresholds> {
  const valid = thresholdsSchema.parse({ ...(await getThresholds(client)), ...value });
  await client.query(
    `INSERT INTO setting (key, value) VALUES ($1, $2)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [KEY, JSON.stringify(valid)],
  );
  return valid;
}
