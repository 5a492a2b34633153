import { z } from "zod";
import type { Pool, PoolClient } from "pg";
import { pool } from "@/lib/db";

export const thresholdsSchema = z.object({
  /** Comments at or above this incivility probability are flagged for review. */
  incivility: z.number().min(0).max(1),
});
export type Thresholds = z.infer<typeof thresholdsSchema>;

export const DEFAULT_THRESHOLDS: Thresholds = { incivility: 0.5 };
const KEY = "moderation.thresholds";

export async function getThresholds(client: Pool | PoolClient = pool): Promise<Thresholds> {
  const { rows } = await client.query<{ value: unknown }>("SELECT value FROM setting WHERE key = $1", [KEY]);
  const parsed = thresholdsSchema.safeParse(rows[0]?.value);
  return parsed.success ? parsed.data : DEFAULT_THRESHOLDS;
}

export async function setThresholds(value: Thresholds, client: Pool | PoolClient = pool): Promise<void> {
  const valid = thresholdsSchema.parse(value);
  await client.query(
    `INSERT INTO setting (key, value) VALUES ($1, $2)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [KEY, JSON.stringify(valid)],
  );
}
