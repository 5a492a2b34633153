import { spawn } from "node:child_process";
import path from "node:path";
import { createRequire } from "node:module";
import pg from "pg";
import { pgConfigFromUrl } from "@/lib/db-url";

const require = createRequire(import.meta.url);

/**
 * Applies pending migrations with `prisma migrate deploy` (Prisma's JS schema engine,
 * no native binary). Runs from the project root, where prisma.config.ts lives.
 */
export async function migrateDatabase(databaseUrl: string, options: { quiet?: boolean } = {}): Promise<void> {
  await checkReachable(databaseUrl);
  const retried = await retryInterrupted(databaseUrl);
  if (retried.length && !options.quiet) {
    process.stderr.write(`Migration ${retried.join(", ")} stopped part-way earlier and left nothing applied: applying it again.\n`);
  }
  const root = process.cwd();
  const cli = require.resolve("prisma/build/index.js", { paths: [root] });
  const preload = path.join(root, "prisma", "cli-preload.cjs");
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [cli, "migrate", "deploy"], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} -r ${JSON.stringify(preload)}`.trim(),
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const collect = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (!options.quiet && process.env.DEBUG_MIGRATIONS) process.stderr.write(chunk);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (code !== 0) {
    throw new Error(`Database migration failed (prisma migrate deploy exited ${code}):\n${output.join("").trim()}`);
  }
}

/**
 * Connects once before migrating: a database that is down, or a wrong password, is said in one
 * line naming the server, not in Prisma's page of output about its schema engine.
 */
async function checkReachable(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ ...pgConfigFromUrl(databaseUrl), connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (err) {
    const { host, port, database } = pgConfigFromUrl(databaseUrl);
    const reason = (err instanceof Error && err.message) || String((err as { code?: string }).code ?? err);
    throw new Error(`cannot reach the database ${database} at ${host}:${port} (${reason}): check DATABASE_URL and that the server is running`);
  } finally {
    await client.end().catch(() => {});
  }
}

/** The advisory lock `prisma migrate` holds while it migrates (its schema engine's own key). */
const PRISMA_MIGRATE_LOCK = 72707369;

/**
 * A migration that stopped part-way (Ctrl-C, a full disk, the server going away) is recorded by
 * Prisma as started and never finished, and `migrate deploy` then refuses to go on (P3009) until
 * someone marks it. Migrations run whole, in one transaction (prisma.config.ts), so such a one left
 * nothing applied: it is marked rolled back, as `prisma migrate resolve --rolled-back` would, and
 * deploy applies it again. Under Prisma's own lock: one migrating elsewhere right now is never touched.
 */
export async function retryInterrupted(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ ...pgConfigFromUrl(databaseUrl), connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const { rows: lock } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [PRISMA_MIGRATE_LOCK]);
    if (!lock[0]!.ok) return [];
    try {
      const { rows: table } = await client.query<{ ok: boolean }>("SELECT to_regclass('_prisma_migrations') IS NOT NULL AS ok");
      if (!table[0]!.ok) return [];
      const { rows } = await client.query<{ name: string }>(
        `UPDATE _prisma_migrations SET rolled_back_at = now()
         WHERE finished_at IS NULL AND rolled_back_at IS NULL RETURNING migration_name AS name`,
      );
      return rows.map((r) => r.name);
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK]);
    }
  } finally {
    await client.end().catch(() => {});
  }
}
