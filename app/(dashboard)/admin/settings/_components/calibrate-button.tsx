"use client";

import { useRef, useState } from "react";
import { calibrateAction, revertCalibrationAction } from "../actions";

/**
 * Learns from the newsroom's own decisions; shows precision and recall before and after.
 * With a site calibration active, offers the way back to the shipped model (confirmed first:
 * it re-scores every comment).
 */
export function CalibrateButton({ calibrated, shipped }: { calibrated: boolean; shipped: string }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [report, setReport] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const returnButton = useRef<HTMLButtonElement>(null);
  const cancel = () => {
    setConfirming(false);
    // Back to the button that asked, once it is drawn again.
    requestAnimationFrame(() => returnButton.current?.focus());
  };
  const run = async (dryRun: boolean) => {
    setBusy("Fitting on past decisions…");
    setReport(null);
    const result = await calibrateAction({ dryRun });
    setBusy(null);
    setReport(result.ok ? result.data.text : `Not done: ${result.error}`);
  };
  const revert = async () => {
    setConfirming(false);
    setBusy("Re-scoring every comment with the shipped model…");
    setReport(null);
    const result = await revertCalibrationAction();
    setBusy(null);
    setReport(result.ok ? result.data.text : `Not done: ${result.error}`);
  };
  return (
    <div>
      <div className="toolbar">
        <button className="btn" disabled={!!busy} onClick={() => void run(true)}>
          Test a calibration on our decisions
        </button>
        <button className="btn primary" disabled={!!busy} onClick={() => void run(false)}>
          Learn from our decisions
        </button>
        {calibrated && !confirming && (
          <button ref={returnButton} className="btn" disabled={!!busy} onClick={() => setConfirming(true)}>
            Return to the shipped model
          </button>
        )}
        <span className="muted small">
          It is activated only if it flags better on decisions held back for checking, beyond chance; all comments are then re-scored.
        </span>
      </div>
      {confirming && (
        <div className="toolbar" role="group" aria-label="Confirm return to the shipped model">
          <span>
            Every comment will be re-scored with {shipped}; comments flagged only under the site calibration leave the queue.
          </span>
          <button className="btn reject" onClick={() => void revert()}>Return to {shipped}</button>
          <button className="btn" onClick={cancel} autoFocus>Cancel</button>
        </div>
      )}
      <div role="status" aria-live="polite" id="calibration-status">
        {busy && <p>{busy}</p>}
        {report && <pre className="panel small" style={{ whiteSpace: "pre-wrap" }}>{report}</pre>}
      </div>
    </div>
  );
}
