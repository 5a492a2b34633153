import { z } from "zod";

const flag = z
  .enum(["0", "1", "true", "false", "yes", "no", ""])
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : ["1", "true", "yes"].includes(v)));

/** Where background report exports are written; relative paths are from the working directory. */
export const exportDirSchema = z.string().min(1).default(".data/exports");

/** Seconds a computed Insights view is kept: checked at start (below) and by the cache itself. */
export const insightsCacheSeconds = z.coerce.number().min(0).max(3600);

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url().optional(),
  /** Optional read replica for insights queries. */
  DATABASE_REPLICA_URL: z.string().url().optional(),
  NEXTAUTH_SECRET: z.string().min(32, "at least 32 characters (a random string)").optional(),
  NEXTAUTH_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  EMBEDDED_PGPORT: z.coerce.number().int().min(1).max(65535).default(5488),
  EMBEDDED_PGDATA: z.string().default(".data/postgres"),
  /** Demo mode: seed demo data and one user per role. On with the embedded database, outside production. */
  DEMO: flag,
  /** Scoring profile: `default` (commercial-use data) or `news` (non-commercial). */
  SCORING_PROFILE: z.enum(["default", "news"]).default("default"),
  /** Folder of finished background exports; web instances and workers must share it. */
  EXPORT_DIR: exportDirSchema,
  /**
   * Reverse proxies in front of the web server that append the client's address to
   * X-Forwarded-For (nginx, a load balancer): 0, the default, trusts no such header, since a
   * client can write anything there, and sign-in failures are then limited per account only.
   */
  TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).default(0),
  /** `npm start` runs one background worker beside the web server unless this is off. */
  START_WORKER: flag,
  /** Connections each process keeps to the database (web server, worker, command). */
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  /** How long a computed Insights view is reused (lib/analytics/cache); 0 turns the cache off. */
  INSIGHTS_CACHE_SECONDS: insightsCacheSeconds.optional(),
  /** Demo comments `npm start` generates into an empty database in demo mode. */
  DEMO_COMMENTS: z.coerce.number().int().min(0).max(10_000_000).default(1500),
});

export type Env = z.infer<typeof envSchema>;

/** Reads and validates the environment; throws with every problem listed. */
export function readEnv(source: Readonly<Record<string, string | undefined>> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  return parsed.data;
}

/**
 * Demo data and demo users (with published passwords) are created on the embedded database
 * outside production, or where DEMO=1 asks for them. A DATABASE_URL names a database of the
 * newsroom's own: demo accounts there would be a way in for anyone who read the README.
 * Read the environment before the embedded database sets DATABASE_URL.
 */
export function isDemo(env: Env): boolean {
  return env.DEMO ?? (env.NODE_ENV !== "production" && !env.DATABASE_URL);
}
