/**
 * npm run bench:score -- [--profile default|news] [--comments N] [--seed S] [--data FILE.csv] [--seconds S] [--json]
 * Measures the builtin scorer on one thread: model load time, comments per second
 * for sentiment and incivility together, and memory. Texts come from the demo
 * generator, or from the `text` column of a CSV. With --json the last line of
 * standard output is one JSON object.
 */
import { z } from "zod";
import { cliMessage, parseOptions } from "@/lib/runtime/cli";
import { PROFILES } from "@/lib/scoring/types";
import { benchmarkScoring, demoTexts } from "@/lib/scoring/eval/benchmark";
import { readTexts } from "@/lib/scoring/eval/dataset";

const argsSchema = z.object({
  profile: z.enum(PROFILES).default("default"),
  comments: z.coerce.number().int().min(100).max(1_000_000).default(20_000),
  seed: z.coerce.number().int().default(20261123),
  data: z.string().min(1).optional(),
  seconds: z.coerce.number().min(0.5).max(600).default(5),
  json: z.boolean(),
});

async function main(): Promise<number> {
  const flags = parseOptions(process.argv.slice(2), ["json"], ["profile", "comments", "seed", "data", "seconds"]);
  const args = argsSchema.parse({ ...flags, json: flags.json === true });
  const texts = args.data ? readTexts(args.data) : demoTexts(args.comments, args.seed);
  const r = await benchmarkScoring({ profile: args.profile, texts, minSeconds: args.seconds });
  if (args.json) process.stdout.write(`${JSON.stringify(r)}\n`);
  else
    process.stdout.write(
      `${r.model} on ${r.comments.toLocaleString("en")} ${args.data ? "comments from the file" : "demo comments"} ` +
        `(mean ${r.meanChars} characters, median ${r.medianChars})\n` +
        `load ${r.loadMs} ms · ${r.commentsPerSecond.toLocaleString("en")} comments/s (sentiment + incivility, one thread) · ` +
        `RSS ${r.rssMB} MB after load, ${r.peakRssMB} MB peak\n` +
        `targets (≥ ${r.targets.commentsPerSecond.toLocaleString("en")}/s, load < ${r.targets.loadMs} ms, RSS < ${r.targets.rssMB} MB): ${r.targets.met ? "met" : "NOT met"}\n`,
    );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`error: ${cliMessage(err)}\n`);
    process.exit(1);
  },
);
