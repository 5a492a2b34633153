"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { notFollowed } from "./not-followed";
import { calibrateAction, cancelScoringChangeAction, revertCalibrationAction } from "../actions";

type Progress = { done: number; total: number; state: string; message: string | null };

/**
 * Learns from the newsroom's own decisions; shows precision and recall before and after. A test
 * answers at once; learning and the return to the shipped model re-score every comment, so a
 * worker runs them and this follows their progress. The return asks first.
 */
type Run = { id: string; kind: "calibrate" | "revert" };

export function CalibrateButton({ calibrated, shipped, pending }: { calibrated: boolean; shipped: string; pending: Run | null }) {
  const router = useRouter();
  const label = (kind: Run["kind"]) => (kind === "calibrate" ? "Learning from past decisions" : `Returning to ${shipped}`);
  // A change started earlier (before a reload, or by another admin) is followed, not forgotten.
  const [busy, setBusy] = useState<string | null>(pending ? label(pending.kind) : null);
  const [report, setReport] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [run, setRun] = useState<Run | null>(pending);
  const [progress, setProgress] = useState<Progress | null>(null);
  const returnButton = useRef<HTMLButtonElement>(null);
  const progressLine = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (!run) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      const response = await fetch(`/api/v1/jobs/${encodeURIComponent(run.id)}`).catch(() => null);
      // A failed request or an unreadable answer is asked again at the next turn.
      const current = response?.ok ? ((await response.json().catch(() => null)) as Progress | null) : null;
      if (stopped) return;
      // Signed out, no longer allowed, or the run is gone: say so instead of asking for ever.
      const gone = response ? notFollowed(response.status) : null;
      if (gone) {
        setReport(gone);
        setBusy(null);
        setRun(null);
        return;
      }
      if (current) setProgress(current);
      if (current?.state === "done" || current?.state === "failed") {
        setReport(current.state === "done" ? current.message : `Not done: ${current.message ?? "the worker stopped"}`);
        setBusy(null);
        setRun(null);
        router.refresh();
        return;
      }
      timer = setTimeout(poll, 1500);
    };
    timer = setTimeout(poll, 0);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [run, router]);

  // A server action that cannot reach the server rejects: the page says so and stays usable.
  const unreachable = "Not done: the server could not be reached; try again.";
  const test = async () => {
    setBusy("Fitting on past decisions…");
    setReport(null);
    try {
      const result = await calibrateAction({ dryRun: true });
      setReport(result.ok ? result.data.text : `Not done: ${result.error}`);
    } catch {
      setReport(unreachable);
    } finally {
      setBusy(null);
    }
  };
  const start = async (kind: Run["kind"]) => {
    setConfirming(false);
    setReport(null);
    setProgress(null);
    // Busy at once: a second click must not ask again.
    setBusy(label(kind));
    requestAnimationFrame(() => progressLine.current?.focus());
    let result: Awaited<ReturnType<typeof revertCalibrationAction>> | Awaited<ReturnType<typeof calibrateAction>>;
    try {
      result = kind === "calibrate" ? await calibrateAction({ dryRun: false }) : await revertCalibrationAction();
    } catch {
      setBusy(null);
      setReport(unreachable);
      return;
    }
    if (!result.ok || !result.data.runId) {
      setBusy(null);
      setReport(`Not done: ${result.ok ? "no run was started" : result.error}`);
      return;
    }
    setRun({ id: result.data.runId, kind });
  };
  const [cancelling, setCancelling] = useState(false);
  const cancelRun = async () => {
    if (!run || cancelling) return;
    setCancelling(true);
    try {
      const result = await cancelScoringChangeAction(run.id);
      // Cancelled, or taken by a worker meanwhile: the next poll tells which.
      if (!result.ok) setReport(`Not cancelled: ${result.error}`);
    } catch {
      setReport("Not cancelled: the server could not be reached; try again.");
    } finally {
      setCancelling(false);
    }
  };
  const cancel = () => {
    setConfirming(false);
    // Back to the button that asked, once it is drawn again.
    requestAnimationFrame(() => returnButton.current?.focus());
  };

  const share = progress && progress.total ? Math.round((progress.done / progress.total) * 100) : null;
  return (
    <div>
      {/* Not disabled while busy: the button pressed keeps focus (a disabled one drops it to the page's top), and clicks are ignored. */}
      <div className="toolbar">
        <button className="btn" aria-disabled={!!busy || undefined} onClick={() => { if (!busy) void test(); }}>
          Test a calibration on our decisions
        </button>
        <button className="btn primary" aria-disabled={!!busy || undefined} onClick={() => { if (!busy) void start("calibrate"); }}>
          Learn from our decisions
        </button>
        {calibrated && !confirming && (
          <button ref={returnButton} className="btn" aria-disabled={!!busy || undefined} onClick={() => { if (!busy) setConfirming(true); }}>
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
          <button className="btn reject" onClick={() => void start("revert")}>Return to {shipped}</button>
          <button className="btn" onClick={cancel} autoFocus>Cancel</button>
        </div>
      )}
      {/* The figures change every second or so: shown, but not read out; the live region says what starts and how it ended. */}
      {busy && (
        <p data-testid="calibration-progress" ref={progressLine} tabIndex={-1}>
          {busy}
          {run && (!progress || progress.state === "queued")
            ? ": waiting for a worker (npm run worker; npm start runs one)…"
            : run && share !== null
              ? `: re-scoring ${progress!.done.toLocaleString("en")} of ${progress!.total.toLocaleString("en")} comments (${share}%)`
              : "…"}
          {run && (!progress || progress.state === "queued") && (
            <>
              {" "}
              <button className="btn small" disabled={cancelling} onClick={() => void cancelRun()}>Cancel</button>
            </>
          )}
        </p>
      )}
      <div role="status" aria-live="polite" id="calibration-status">
        {busy && <span className="sr-only">{busy}</span>}
        {report && <pre className="panel small" style={{ whiteSpace: "pre-wrap" }}>{report}</pre>}
      </div>
    </div>
  );
}
