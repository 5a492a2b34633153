/**
 * npm run bench:insights -- [--comments N] [--export-rows M] [--json]
 * What the insights rollups cost writers (ingest and bulk decisions with and without
 * their triggers), how fast the Insights page's data loads, and a CSV export's speed
 * and memory at M rows. Uses a throwaway embedded PostgreSQL unless DATABASE_URL is set; on
 * that server it works in scratch databases of its own (bench_template and three copies of
 * it), never in DATABASE_URL's database, and drops them at the end.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { asOptions, cliMessage, parseOptions } from "@/lib/runtime/cli";
import { startEmbeddedPostgres } from "@/lib/runtime/embedded-postgres";
import { migrateDatabase } from "@/lib/runtime/migrate";
import { freePort } from "@/lib/runtime/free-port";
import { ScratchDatabases } from "@/lib/perf/scratch-databases";

const argsSchema = z.object({
  comments: z.coerce.number().int().min(100).max(5_000_000).default(20_000),
  exportRows: z.coerce.number().int().min(0).max(10_000_000).optional(),
  json: z.boolean(),
});

async function main(): Promise<number> {
  const flags = parseOptions(process.argv.slice(2), ["json"], ["comments", "export-rows"]);
  const args = asOptions(() => argsSchema.parse({ comments: flags.comments, exportRows: flags["export-rows"], json: flags.json === true }), {
    comments: "comments",
    exportRows: "export-rows",
  });
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const external = process.env.DATABASE_URL;
  let stop = async () => {};
  let serverUrl = external;
  if (!serverUrl) {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "cdk-bench-insights-"));
    const cluster = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), port: await freePort(), database: "postgres", ephemeral: true });
    serverUrl = cluster.url;
    stop = async () => {
      await cluster.stop();
      await fs.rm(dir, { recursive: true, force: true });
    };
  }
  const databases = new ScratchDatabases(serverUrl);
  try {
    const template = await databases.create("bench_template");
    await migrateDatabase(template);
    const { benchmarkRollups } = await import("@/lib/analytics/benchmark");
    const result = await benchmarkRollups(template, databases, { comments: args.comments, exportRows: args.exportRows ?? args.comments, log });
    if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  } finally {
    const { disconnectDb } = await import("@/lib/db");
    await disconnectDb().catch(() => {});
    if (external) await databases.dropAll().catch((err: Error) => log(`could not drop the benchmark's databases: ${err.message}`));
    await stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`error: ${cliMessage(err)}\n`);
    process.exit(1);
  },
);
