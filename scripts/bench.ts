/**
 * npm run bench -- [--comments N] [--seconds S] [--clients C] [--seed S] [--sample N] [--json]
 * (--sample: comments imported through the naive per-row path, 2,000 by default)
 * Import, scoring and page-latency benchmark (see lib/perf/run.ts). With --json the
 * last line of standard output is one JSON object with every figure.
 */
import { z } from "zod";
import { cliMessage, parseOptions } from "@/lib/runtime/cli";

const argsSchema = z.object({
  comments: z.coerce.number().int().min(1000).max(20_000_000).default(100_000),
  seconds: z.coerce.number().min(1).max(600).default(10),
  clients: z.coerce.number().int().min(1).max(200).default(20),
  seed: z.coerce.number().int().default(7),
  sample: z.coerce.number().int().min(100).max(100_000).default(2000),
  json: z.boolean(),
});

async function main() {
  const flags = parseOptions(process.argv.slice(2), ["json"], ["comments", "seconds", "clients", "seed", "sample"]);
  const args = argsSchema.parse({ ...flags, json: flags.json === true });
  const { runBenchmark } = await import("@/lib/perf/run");
  const log = (line: string) => (args.json ? process.stderr : process.stdout).write(`${line}\n`);
  const report = await runBenchmark({
    comments: args.comments,
    seed: args.seed,
    seconds: args.seconds,
    clients: args.clients,
    perRowSample: args.sample,
    log,
  });
  if (args.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(`error: ${cliMessage(err)}\n`);
  if (process.env.DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
