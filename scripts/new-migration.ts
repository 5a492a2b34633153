/**
 * npm run db:migration -- NAME
 * Writes prisma/migrations/<timestamp>_<NAME>/migration.sql (prisma migrate dev
 * --create-only): the SQL from the committed migrations to prisma/schema.prisma.
 * Uses a throwaway embedded PostgreSQL, so it needs no running database.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { startEmbeddedPostgres } from "@/lib/runtime/embedded-postgres";
import { freePort } from "@/lib/runtime/free-port";
import { migrateDatabase } from "@/lib/runtime/migrate";
import { parseArgs } from "@/lib/runtime/cli";

const MIGRATIONS = path.join("prisma", "migrations");


async function main() {
  const { positionals } = parseArgs(process.argv.slice(2), [], []);
  const name = positionals[0];
  if (positionals.length !== 1 || !name || !/^[a-z0-9_]+$/.test(name)) throw new Error("usage: npm run db:migration -- name_in_snake_case");
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "cdk-migration-"));
  const cluster = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), port: await freePort(), ephemeral: true });
  try {
    await migrateDatabase(cluster.url);
    const before = new Set(await fs.readdir(MIGRATIONS));
    const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
    const result = spawnSync(process.execPath, [cli, "migrate", "dev", "--create-only", "--name", name], {
      env: { ...process.env, DATABASE_URL: cluster.url, NODE_OPTIONS: "-r ./prisma/cli-preload.cjs" },
      encoding: "utf8",
    });
    // The wasm engine can fail while freeing itself after writing the migration
    // ("null pointer passed to rust"): judge by what was written, not the exit code.
    const created = (await fs.readdir(MIGRATIONS)).filter((d) => !before.has(d));
    if (created.length !== 1) throw new Error(result.stderr || result.stdout || "prisma migrate dev wrote nothing");
    const file = path.join(MIGRATIONS, created[0]!, "migration.sql");
    const sql = await fs.readFile(file, "utf8");
    if (sql.trim() === "-- This is an empty migration.") {
      await fs.rm(path.dirname(file), { recursive: true });
      process.stdout.write("The schema matches the migrations: nothing to write.\n");
    } else process.stdout.write(`wrote ${file}\n`);
  } finally {
    await cluster.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
