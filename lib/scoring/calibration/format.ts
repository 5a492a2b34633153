import type { CalibrationReport } from "./from-decisions";

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The report of a calibration run as a moderator or operator reads it. */
export function formatCalibrationReport(r: CalibrationReport): string {
  const lines = [
    `labels: ${r.labels.total} comments (${r.labels.uncivil} removed or rejected; ${r.labels.fromDecisions} from moderators' decisions, ${r.labels.fromSource} from source verdicts)`,
    `fitted on ${r.fitted.n} (${r.fitted.uncivil} removed), judged on ${r.heldBack.n} held back (${r.heldBack.uncivil} removed), threshold ${r.threshold}`,
  ];
  if (r.before && r.after) {
    lines.push(`before (${r.currentModel.name} ${r.currentModel.version}): precision ${pct(r.before.precision)}, recall ${pct(r.before.recall)}, F1 ${r.before.f1}`);
    lines.push(`after  (${r.candidateModel!.name} ${r.candidateModel!.version}): precision ${pct(r.after.precision)}, recall ${pct(r.after.recall)}, F1 ${r.after.f1}`);
  }
  lines.push(r.reason);
  if (r.activated) lines.push(`${r.rescored} comments re-scored`);
  return `${lines.join("\n")}\n`;
}
