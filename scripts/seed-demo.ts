/**
 * npm run seed -- [--comments N] [--seed S]
 * Adds generated demo threads and comments (and the demo users) to the database.
 */
import { z } from "zod";
import { parseArgs, runCli } from "@/lib/runtime/cli";

const argsSchema = z.object({
  comments: z.coerce.number().int().min(1).max(10_000_000).default(1500),
  seed: z.coerce.number().int().default(20261123),
});

void runCli(async () => {
  const { flags } = parseArgs(process.argv.slice(2), [], ["comments", "seed"]);
  const args = argsSchema.parse(flags);
  const { ensureDemoUsers, seedDemoData } = await import("@/lib/demo/seed");
  await ensureDemoUsers();
  const started = performance.now();
  const result = await seedDemoData({ comments: args.comments, seed: args.seed });
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`${result.comments} comments stored (${result.flagged} flagged) in ${seconds.toFixed(1)} s\n`);
  return 0;
});
