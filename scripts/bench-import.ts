/**
 * npm run bench:import -- [--comments N] [--seed S] [--json]
 * Generates a Disqus XML export with the demo generator and imports it end to end
 * into a throwaway embedded PostgreSQL; prints comments/s and peak memory. With
 * --json the last line of standard output is one JSON object.
 */
import { z } from "zod";
import { cliMessage, parseOptions } from "@/lib/runtime/cli";
import { runImportBenchmark } from "@/lib/perf/import";

const argsSchema = z.object({
  comments: z.coerce.number().int().min(1).max(20_000_000).default(100_000),
  seed: z.coerce.number().int().default(20261123),
  json: z.boolean(),
});

async function main(): Promise<number> {
  const flags = parseOptions(process.argv.slice(2), ["json"], ["comments", "seed"]);
  const args = argsSchema.parse({ ...flags, json: flags.json === true });
  const log = args.json ? undefined : (line: string) => process.stderr.write(`${line}\n`);
  const result = await runImportBenchmark({ comments: args.comments, seed: args.seed, log });
  if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    process.stdout.write(
      `${result.comments.toLocaleString("en")} comments in ${result.threads} threads (${result.fileMB} MB of Disqus XML)\n` +
        `import (parse + stage + store + score + flag): ${result.importSeconds} s = ${result.commentsPerSecond.toLocaleString("en")} comments/s\n` +
        `peak RSS during import: ${result.peakRssMB} MB (baseline ${result.baselineRssMB} MB, JavaScript heap in use at most ${result.peakHeapUsedMB} MB); generating the file took ${result.generateSeconds} s\n` +
        (result.phaseMs
          ? `time per phase: ${Object.entries(result.phaseMs).map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(1)} s`).join(", ")}\n`
          : ""),
    );
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`error: ${cliMessage(err)}\n`);
    process.exit(1);
  },
);
