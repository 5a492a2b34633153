/**
 * npm run seed -- [--comments N] [--seed S]
 * Adds generated demo threads and comments to the database, and the demo users in demo mode
 * only: their passwords are published, so a production database (DEMO=0, NODE_ENV=production or a
 * DATABASE_URL, without DEMO=1) never gets them from here.
 */
import { z } from "zod";
import { isDemo, readEnv } from "@/lib/env";
import { parseOptions, runCli } from "@/lib/runtime/cli";

const argsSchema = z.object({
  comments: z.coerce.number().int().min(1).max(10_000_000).default(1500),
  seed: z.coerce.number().int().default(20261123),
});

// Demo mode is read before the embedded database is started, which sets DATABASE_URL.
const readArgs = () => ({ ...argsSchema.parse(parseOptions(process.argv.slice(2), [], ["comments", "seed"])), demo: isDemo(readEnv()) });

void runCli(readArgs, async (args) => {
  const { ensureDemoUsers, seedDemoData } = await import("@/lib/demo/seed");
  if (args.demo) await ensureDemoUsers();
  else process.stderr.write("demo mode is off (DEMO=0, NODE_ENV=production, or a DATABASE_URL without DEMO=1): demo data only, no demo accounts\n");
  const started = performance.now();
  const result = await seedDemoData({ comments: args.comments, seed: args.seed });
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`${result.comments} comments stored (${result.flagged} flagged) in ${seconds.toFixed(1)} s\n`);
  return 0;
});
