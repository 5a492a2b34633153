import type { CalibrationReport } from "./from-decisions";
import type { RevertResult } from "./revert";

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The report of a calibration run as a moderator or operator reads it. */
export function formatCalibrationReport(r: CalibrationReport): string {
  const lines = [
    `labels: ${r.labels.total} comments (${r.labels.uncivil} removed or rejected; ${r.labels.fromDecisions} from moderators' decisions, ${r.labels.fromSource} from source verdicts)`,
    ...leftOut(r),
    `fitted on ${r.fitted.n} (${r.fitted.uncivil} removed), judged on ${r.heldBack.n} held back (${r.heldBack.uncivil} removed), threshold ${r.threshold}`,
  ];
  if (r.before && r.after) {
    lines.push(`before (${r.currentModel.name} ${r.currentModel.version}): precision ${pct(r.before.precision)}, recall ${pct(r.before.recall)}, F1 ${r.before.f1}`);
    lines.push(`after  (${r.candidateModel!.name} ${r.candidateModel!.version}): precision ${pct(r.after.precision)}, recall ${pct(r.after.recall)}, F1 ${r.after.f1}`);
  }
  if (r.confidence !== null) lines.push(`the fit flags better in ${pct(r.confidence)} of 1,000 resamples of the held-back part`);
  if (r.overThreshold) {
    const { of, before, after } = r.overThreshold;
    lines.push(`labelled comments at or over the threshold: ${before.toLocaleString("en")} before, ${after.toLocaleString("en")} after (of ${of.toLocaleString("en")})`);
  }
  lines.push(r.reason);
  if (r.activated) lines.push(`${r.rescored} comments re-scored`);
  return `${lines.join("\n")}\n`;
}

function leftOut(r: CalibrationReport): string[] {
  const lines: string[] = [];
  if (r.labels.duplicates) lines.push(`left out: ${r.labels.duplicates.toLocaleString("en")} repeated texts (each text counts once)`);
  if (r.labels.unmoderatedSources.length) {
    lines.push(`left out: published comments of ${r.labels.unmoderatedSources.join(", ")}, which removed too few comments for publication to mean "civil"`);
  }
  return lines;
}

/** What a return to the shipped model did, in one sentence. */
export function formatRevert(r: RevertResult): string {
  return (
    `Returned to ${r.to.name} ${r.to.version} (from ${r.from.version}): ${r.rescored.toLocaleString("en")} comments re-scored, ` +
    `${r.unflagged.toLocaleString("en")} no longer flagged, ${r.flagged.toLocaleString("en")} newly flagged.`
  );
}
