/**
 * npm run bench:insights -- [--comments N] [--export-rows M] [--json]
 * What the insights rollups cost writers (ingest and bulk decisions with and without
 * their triggers), how fast the Insights page's data loads, and a CSV export's speed
 * and memory at M rows. Uses a throwaway embedded PostgreSQL unless DATABASE_URL is set
 * (its database is then used as the template for two scratch databases).
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { cliMessage, parseArgs } from "@/lib/runtime/cli";
import { startEmbeddedPostgres } from "@/lib/runtime/embedded-postgres";
import { migrateDatabase } from "@/lib/runtime/migrate";
import { freePort } from "@/lib/runtime/free-port";

const argsSchema = z.object({
  comments: z.coerce.number().int().min(100).max(5_000_000).default(20_000),
  exportRows: z.coerce.number().int().min(0).max(10_000_000).optional(),
  json: z.boolean(),
});

async function main(): Promise<number> {
  const { flags } = parseArgs(process.argv.slice(2), ["json"], ["comments", "export-rows"]);
  const args = argsSchema.parse({ comments: flags.comments, exportRows: flags["export-rows"], json: flags.json === true });
  const log = (line: string) => process.stdout.write(`${line}\n`);
  let url = process.env.DATABASE_URL;
  let stop = async () => {};
  if (!url) {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "cdk-bench-insights-"));
    const cluster = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), port: await freePort(), database: "bench_template", ephemeral: true });
    url = cluster.url;
    stop = async () => {
      await cluster.stop();
      await fs.rm(dir, { recursive: true, force: true });
    };
  }
  try {
    await migrateDatabase(url);
    const { benchmarkRollups } = await import("@/lib/analytics/benchmark");
    const result = await benchmarkRollups(url, { comments: args.comments, exportRows: args.exportRows ?? args.comments, log });
    if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  } finally {
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
