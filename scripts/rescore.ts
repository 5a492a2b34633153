/**
 * npm run rescore -- [--model NAME] [--batch N] [--missing] [--json]
 * npm run rescore -- --rules [--batch N] [--json]
 * npm run rescore -- --background [--rules] [--batch N]   (queue it for `npm run worker`s; prints the run id)
 * Re-scores every comment with the active model (default) or a named one
 * (builtin-default, builtin-news, builtin-lexicon), in batches of consecutive ids,
 * each its own transaction, printing progress. With the active model the flag
 * rules are applied too; another model's scores are stored beside it for
 * comparison. --missing scores only comments without a score from that version.
 * --rules applies the flag rules alone, with the scores stored, to the comments
 * they may change (after thresholds or word lists changed): nothing is scored.
 */
import { z } from "zod";
import { parseOptions, runCli } from "@/lib/runtime/cli";

const argsSchema = z.object({
  model: z.string().min(1).default("active"),
  batch: z.coerce.number().int().min(1).max(20_000).default(2000),
  missing: z.boolean(),
  json: z.boolean(),
  background: z.boolean(),
  rules: z.boolean(),
});

function readArgs() {
  const flags = parseOptions(process.argv.slice(2), ["json", "missing", "background", "rules"], ["model", "batch"]);
  const args = argsSchema.parse({
    ...flags,
    missing: flags.missing === true,
    json: flags.json === true,
    background: flags.background === true,
    rules: flags.rules === true,
  });
  // The rules follow the active model's stored scores, over every comment they may change.
  if (args.rules && (flags.model !== undefined || args.missing)) {
    throw new Error("--rules applies the flag rules with the active model's stored scores: leave out --model and --missing");
  }
  // Background batches always rescore every comment with the active model.
  if (args.background && (flags.model !== undefined || args.missing)) {
    throw new Error("--background rescores every comment with the active model: leave out --model and --missing, or run without --background");
  }
  return args;
}

void runCli(readArgs, async (args) => {
  if (args.background) {
    // Batches of the active model's rescore, shared by however many workers run.
    const { startRescore, stopBoss } = await import("@/lib/jobs");
    const run = await startRescore({ batchSize: args.batch, rulesOnly: args.rules });
    await stopBoss();
    if (args.json) process.stdout.write(`${JSON.stringify(run)}\n`);
    else process.stdout.write(`queued ${run.batches} batches (${run.total} comments) as ${run.runId}; follow it with: npm run jobs -- ${run.runId}\n`);
    return 0;
  }
  const { loadActiveScorer, scorerByName } = await import("@/lib/scoring/registry");
  const { rescoreComments } = await import("@/lib/scoring/rescore");
  const active = await loadActiveScorer();
  const scorer = args.model === "active" ? active : await scorerByName(args.model);
  const isActive = scorer.model.name === active.model.name && scorer.model.version === active.model.version;
  // Flags follow the active model, which a running change is about to replace.
  if (isActive) await (await import("@/lib/scoring/lock")).assertNoScoringChange();
  const label = `${scorer.model.name} ${scorer.model.version}`;
  process.stderr.write(
    args.rules
      ? `applying the flag rules with the stored scores of ${label}\n`
      : `rescoring with ${label}${isActive ? " (active: flag rules applied)" : " (not active: stored for comparison)"}\n`,
  );
  // With the active model it judges the queue: one such run at a time, here or in the background.
  const { asForegroundRun } = await import("@/lib/jobs");
  const run = <T,>(work: () => Promise<T>) => (isActive ? asForegroundRun(work) : work());
  const result = await run(() => rescoreComments({
    scorer,
    batchSize: args.batch,
    onlyMissing: args.missing,
    flag: isActive,
    rulesOnly: args.rules,
    // A change of the model started meanwhile: batches wait for it, and the rescore stops if it changed the model.
    guard: isActive,
    onProgress: ({ done, total, elapsedMs }) => {
      const rate = elapsedMs ? Math.round((done / elapsedMs) * 1000) : 0;
      const share = total ? Math.round((done / total) * 100) : 100;
      process.stderr.write(`  ${done.toLocaleString("en")} / ${total.toLocaleString("en")} (${share}%) · ${rate.toLocaleString("en")} comments/s\n`);
    },
  }));
  const summary = { model: result.model, scored: result.scored, flagged: result.flagged, unflagged: result.unflagged, seconds: Math.round(result.seconds * 10) / 10 };
  // A rescore with the active model changes the queue: in the activity log, by "the command line".
  if (isActive) {
    await (await import("@/lib/activity")).recordCliActivity(args.rules ? "applied the flag rules" : "rescored all comments", "scoring model", summary);
  }
  if (args.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  else if (args.rules) {
    process.stdout.write(`${result.scored.toLocaleString("en")} comments judged by the rules in ${summary.seconds} s; ${result.flagged} newly flagged or rejected, ${result.unflagged} no longer flagged or rejected\n`);
  } else {
    process.stdout.write(`${result.scored.toLocaleString("en")} comments scored with ${label} in ${summary.seconds} s; ${result.flagged} newly flagged, ${result.unflagged} no longer flagged\n`);
  }
  return 0;
});
