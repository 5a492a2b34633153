"use client";

import { useState } from "react";
import { calibrateAction } from "../actions";

/** Learns from the newsroom's own decisions; shows precision and recall before and after. */
export function CalibrateButton() {
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<string | null>(null);
  const run = async (dryRun: boolean) => {
    setBusy(true);
    setReport(null);
    const result = await calibrateAction({ dryRun });
    setBusy(false);
    setReport(result.ok ? result.data.text : `Not done: ${result.error}`);
  };
  return (
    <div>
      <div className="toolbar">
        <button className="btn" disabled={busy} onClick={() => void run(true)}>
          Test a calibration on our decisions
        </button>
        <button className="btn primary" disabled={busy} onClick={() => void run(false)}>
          Learn from our decisions
        </button>
        <span className="muted small">It is activated only if it flags better on decisions held back for checking; all comments are then re-scored.</span>
      </div>
      <div role="status" aria-live="polite">
        {busy && <p>Fitting on past decisions…</p>}
        {report && <pre className="panel small" style={{ whiteSpace: "pre-wrap" }}>{report}</pre>}
      </div>
    </div>
  );
}
