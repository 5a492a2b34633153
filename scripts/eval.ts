/**
 * npm run eval -- --task incivility|sentiment --data FILE.csv [--model NAME] [--json]
 * Scores a labelled CSV (columns as in the shared data: id,text,label[,score] or
 * id,text,score) and prints ROC-AUC, average precision, best-F1 threshold and F1,
 * or Pearson r, macro-F1 and accuracy, plus comments per second. With --json the
 * last line is one JSON object. `--model active` reads the database settings;
 * `reference-afinn` and `reference-vader` score with the published reference methods.
 */
import { z } from "zod";
import { parseOptions, runCli } from "@/lib/runtime/cli";
import { readIncivilityCsv, readSentimentCsv } from "@/lib/scoring/eval/dataset";
import { evaluateIncivility, evaluateSentiment } from "@/lib/scoring/eval/evaluate";
import { environmentProfile } from "@/lib/scoring/builtin";
import { formatReport } from "@/lib/scoring/eval/format";
import { REFERENCE_MODELS, referenceScorer } from "@/lib/scoring/eval/references";

const argsSchema = z.object({
  task: z.enum(["incivility", "sentiment"], { message: "--task must be incivility or sentiment" }),
  data: z.string({ message: "--data FILE.csv is required" }).min(1),
  model: z.string().min(1),
  json: z.boolean(),
});

async function main(args: z.infer<typeof argsSchema>): Promise<number> {
  const { MODEL_NAMES, scorerByName } = await import("@/lib/scoring/registry");
  const reference = referenceScorer(args.model);
  if (!reference && !(MODEL_NAMES as readonly string[]).includes(args.model)) {
    throw new Error(`unknown model "${args.model}": use one of ${[...MODEL_NAMES, ...REFERENCE_MODELS].join(", ")}`);
  }
  const scorer = reference ?? (await scorerByName(args.model));
  const report =
    args.task === "incivility"
      ? await evaluateIncivility(scorer, readIncivilityCsv(args.data))
      : await evaluateSentiment(scorer, readSentimentCsv(args.data));
  process.stdout.write(args.json ? `${JSON.stringify(report)}\n` : formatReport(report));
  return 0;
}

try {
  const flags = parseOptions(process.argv.slice(2), ["json"], ["task", "data", "model"]);
  const args = argsSchema.parse({
    task: flags.task,
    data: flags.data,
    model: flags.model ?? `builtin-${environmentProfile()}`,
    json: flags.json === true,
  });
  if (args.model === "active") void runCli(() => main(args));
  else
    main(args).then(
      (code) => (process.exitCode = code),
      (err: Error) => {
        process.stderr.write(`error: ${err.message}\n`);
        process.exitCode = 1;
      },
    );
} catch (err) {
  const message = err instanceof z.ZodError ? err.issues.map((i) => i.message).join("; ") : (err as Error).message;
  process.stderr.write(`error: ${message}\n`);
  process.exitCode = 1;
}
