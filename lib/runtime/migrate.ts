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
