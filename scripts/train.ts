/**
 * npm run train -- [--folds 5] [--seed 7] [--data DIR] [--out DIR] [--version 1.6.0]
 *   Trains the shipped models from the labelled sets: the sentiment extension and
 *   calibration, then the incivility model of each profile.
 * npm run train -- --from-decisions [--dry-run] [--json]
 *   Fits a site calibration on the newsroom's own decisions and source verdicts,
 *   prints precision and recall at the current threshold before and after on a
 *   held-back part, and activates it only if it is better (re-scoring everything).
 */
import { parseArgs, runCli } from "@/lib/runtime/cli";
import { runTrainingCli } from "@/lib/scoring/training/cli";

const argv = process.argv.slice(2);
const { flags } = parseArgs(argv, ["from-decisions", "dry-run", "json"]);

if (flags["from-decisions"] !== true) runTrainingCli(argv, ["sentiment", "incivility"]);
else
  void runCli(async () => {
    const { calibrateFromDecisions } = await import("@/lib/scoring/calibration/from-decisions");
    const { formatCalibrationReport } = await import("@/lib/scoring/calibration/format");
    const report = await calibrateFromDecisions({
      dryRun: flags["dry-run"] === true,
      onProgress: ({ done, total }) => process.stderr.write(`  rescoring ${done.toLocaleString("en")} / ${total.toLocaleString("en")}\n`),
    });
    process.stdout.write(flags.json === true ? `${JSON.stringify(report)}\n` : formatCalibrationReport(report));
    return 0;
  });
