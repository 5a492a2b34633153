import { describe, expect, it } from "vitest";
import { refuseMixedModes } from "@/lib/scoring/training/cli";

describe("npm run train's modes", () => {
  it("takes each mode's own options", () => {
    expect(() => refuseMixedModes({})).not.toThrow();
    expect(() => refuseMixedModes({ folds: "3", seed: "11", out: "models-out" })).not.toThrow();
    expect(() => refuseMixedModes({ "from-decisions": true, "dry-run": true, json: true })).not.toThrow();
    expect(() => refuseMixedModes({ "revert-calibration": true, json: true })).not.toThrow();
  });

  it("refuses an option of another mode instead of ignoring it", () => {
    // Without --from-decisions these would retrain and overwrite the shipped models.
    expect(() => refuseMixedModes({ "dry-run": true })).toThrow("--dry-run goes with --from-decisions, not with retraining");
    expect(() => refuseMixedModes({ json: true })).toThrow("--json goes with --from-decisions or --revert-calibration, not with retraining");
    expect(() => refuseMixedModes({ "revert-calibration": true, "dry-run": true })).toThrow("--revert-calibration always applies");
    expect(() => refuseMixedModes({ "from-decisions": true, "revert-calibration": true })).toThrow("two different commands");
    expect(() => refuseMixedModes({ "from-decisions": true, folds: "3", data: "d" })).toThrow("--data, --folds are for retraining the shipped models, not with --from-decisions");
  });
});
