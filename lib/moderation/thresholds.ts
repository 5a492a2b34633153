import { z } from "zod";
import type { Pool, PoolClient } from "pg";
import { inTransaction, pool } from "@/lib/db";
import { ConflictError } from "@/lib/errors";
import { THRESHOLD_LABELS, THRESHOLD_OFF } from "./constants";

const probability = z.number().min(0).max(1);
/** Lowest a threshold may be set: at 0 every comment would be flagged on every import. */
export const MIN_THRESHOLD = 0.05;
const settable = z.number().min(MIN_THRESHOLD, `at least ${MIN_THRESHOLD * 100}%: lower would flag every comment`).max(THRESHOLD_OFF);

/**
 * A comment is flagged when its overall incivility, or any attribute, reaches its
 * threshold. Attribute thresholds let a newsroom flag every likely threat while
 * tolerating mild profanity, say.
 */
const thresholdFields = <T extends z.ZodType>(value: T) => ({
  incivility: value,
  insult: value,
  profanity: value,
  threat: value,
  identityAttack: value,
  hostility: value,
  shouting: value,
});
/** Stored thresholds (any probability: older settings may hold 0). */
export const thresholdsSchema = z.object(thresholdFields(probability));
/** What a save may set. */
const changesSchema = z.object(thresholdFields(settable)).partial();
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

/**
 * Saves the given thresholds on top of the stored ones, in one transaction that
 * locks the setting. With `seen` (the values the editor started from), a threshold
 * that another admin changed since then is not overwritten: the save is refused with
 * a ConflictError carrying the stored values. Thresholds the editor left alone keep
 * whatever the other admin saved, so two admins editing different rows both win.
 */
export async function setThresholds(value: Partial<Thresholds>, options: { seen?: Partial<Thresholds> } = {}): Promise<Thresholds> {
  const changes = changesSchema.parse(value);
  return inTransaction(async (client) => {
    // The row exists before it is locked, so two first saves also take turns.
    await client.query(`INSERT INTO setting (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [KEY, JSON.stringify(DEFAULT_THRESHOLDS)]);
    await client.query("SELECT 1 FROM setting WHERE key = $1 FOR UPDATE", [KEY]);
    const current = await getThresholds(client);
    const moved = (Object.keys(changes) as ThresholdKey[]).filter((key) => {
      const seen = options.seen?.[key];
      return seen !== undefined && current[key] !== seen && current[key] !== changes[key];
    });
    if (moved.length) {
      throw new ConflictError(
        `another admin changed ${moved.map((key) => THRESHOLD_LABELS[key].toLowerCase()).join(", ")} meanwhile; the form now shows what was saved there — make that change again; your other changes are still in the form`,
        current,
      );
    }
    const valid = thresholdsSchema.parse({ ...current, ...changes });
    await client.query(`UPDATE setting SET value = $2, updated_at = now() WHERE key = $1`, [KEY, JSON.stringify(valid)]);
    return valid;
  });
}
