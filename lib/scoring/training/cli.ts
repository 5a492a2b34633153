import path from "node:path";
import { asOptions, cliMessage, parseOptions } from "@/lib/runtime/cli";
import { PROFILES } from "../types";
import { DEFAULT_DATA_DIR, MODELS_DIR, runTraining, trainOptionsSchema, type TrainOptions } from "./run";

/** The options training takes (each with a value). */
export const TRAINING_FLAGS = ["profile", "data", "out", "folds", "seed", "version"];

/** Shared entry of the training scripts: parses flags, trains, prints what was written. Exit code 1 on bad input. */
export function runTrainingCli(argv: readonly string[], parts: TrainOptions["parts"], switches: readonly string[] = []): void {
  try {
    // The switches of the script that called (`npm run train`'s `--json=false`, say) are known, and left alone.
    const flags = parseOptions(argv, switches, TRAINING_FLAGS);
    const options = asOptions(() => trainOptionsSchema.parse({
      parts,
      profiles: flags.profile ? [flags.profile] : [...PROFILES],
      dataDir: path.resolve(String(flags.data ?? process.env.SCORING_DATA_DIR ?? DEFAULT_DATA_DIR)),
      outDir: path.resolve(String(flags.out ?? MODELS_DIR)),
      folds: Number(flags.folds ?? 5),
      seed: Number(flags.seed ?? 7),
      version: String(flags.version ?? "1.6.1"),
    }), { profiles: "profile", dataDir: "data", outDir: "out", folds: "folds", seed: "seed", version: "version" });
    const started = Date.now();
    const written = runTraining(options, (line) => process.stdout.write(`${line}\n`));
    for (const w of written) process.stdout.write(`wrote ${path.relative(process.cwd(), w.file)} (${(w.bytes / 1e6).toFixed(2)} MB)\n`);
    process.stdout.write(`done in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  } catch (err) {
    process.stderr.write(`error: ${cliMessage(err)}\n`);
    process.exitCode = 1;
  }
}

/**
 * Each mode takes its own options; one given to another mode is refused, not ignored: a
 * `--dry-run` meant for a calibration must not retrain and overwrite the shipped models.
 */
export function refuseMixedModes(given: Record<string, string | true>): void {
  const fromDecisions = given["from-decisions"] === true;
  const revert = given["revert-calibration"] === true;
  if (fromDecisions && revert) throw new Error("--from-decisions and --revert-calibration are two different commands: give one");
  const training = TRAINING_FLAGS.filter((f) => f in given).map((f) => `--${f}`);
  if ((fromDecisions || revert) && training.length) {
    throw new Error(`${training.join(", ")} ${training.length === 1 ? "is" : "are"} for retraining the shipped models, not with --${fromDecisions ? "from-decisions" : "revert-calibration"}`);
  }
  if (revert && given["dry-run"] !== undefined) throw new Error("--dry-run is for --from-decisions: --revert-calibration always applies");
  if (!fromDecisions && !revert) {
    const stray = ["dry-run", "json"].filter((f) => f in given).map((f) => `--${f}`);
    if (stray.length) throw new Error(`${stray.join(" and ")} ${stray.length === 1 ? "goes" : "go"} with --from-decisions${stray.includes("--json") ? " or --revert-calibration" : ""}, not with retraining`);
  }
}
