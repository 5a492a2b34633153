/**
 * npm run train -- [--folds 5] [--seed 7] [--data DIR] [--out DIR] [--version 1.6.1]
 *   Trains the shipped models from the labelled sets: the sentiment extension and
 *   calibration, then the incivility model of each profile.
 * npm run train -- --from-decisions [--dry-run] [--json]
 *   Fits a site calibration on the newsroom's own decisions and source verdicts,
 *   prints precision and recall at the current threshold before and after on a
 *   held-back part, and activates it only if it is better (re-scoring everything).
 * npm run train -- --revert-calibration [--json]
 *   Returns to the shipped model: re-scores everything with it and retires the
 *   site calibration.
 */
import { parseOptions, runCli } from "@/lib/runtime/cli";
import { refuseMixedModes, runTrainingCli, TRAINING_FLAGS } from "@/lib/scoring/training/cli";

const argv = process.argv.slice(2);
const SWITCHES = ["from-decisions", "revert-calibration", "dry-run", "json"];
let flags: Record<string, string | true>;
try {
  flags = parseOptions(argv, SWITCHES, TRAINING_FLAGS);
  refuseMixedModes(flags);
} catch (err) {
  // A mistyped flag ("--from-decision" takes the next word as its value) is told plainly, not as a stack trace.
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
/** A change of the scoring model from here is in the activity log too, by "the command line". */
async function record(action: string, detail: Record<string, unknown>): Promise<void> {
  await (await import("@/lib/activity")).recordCliActivity(action, "scoring model", detail);
}

const progress = ({ done, total }: { done: number; total: number }) =>
  process.stderr.write(`  rescoring ${done.toLocaleString("en")} / ${total.toLocaleString("en")}\n`);

if (flags["revert-calibration"] === true)
  void runCli(async () => {
    const { revertSiteCalibration } = await import("@/lib/scoring/calibration/revert");
    const result = await revertSiteCalibration({ onProgress: progress });
    await record("returned to the shipped model", { from: result.from.version, to: result.to.version, rescored: result.rescored });
    process.stdout.write(
      flags.json === true
        ? `${JSON.stringify(result)}\n`
        : `returned to ${result.to.name} ${result.to.version} (from ${result.from.version}): ${result.rescored} comments re-scored, ${result.unflagged} no longer flagged, ${result.flagged} newly flagged\n`,
    );
    return 0;
  });
else if (flags["from-decisions"] !== true) runTrainingCli(argv, ["sentiment", "incivility"], SWITCHES);
else
  void runCli(async () => {
    const { calibrateFromDecisions } = await import("@/lib/scoring/calibration/from-decisions");
    const { formatCalibrationReport } = await import("@/lib/scoring/calibration/format");
    const report = await calibrateFromDecisions({
      dryRun: flags["dry-run"] === true,
      onProgress: progress,
    });
    if (report.activated) await record("activated a site calibration", { model: report.candidateModel, before: report.before, after: report.after });
    process.stdout.write(flags.json === true ? `${JSON.stringify(report)}\n` : formatCalibrationReport(report));
    return 0;
  });
