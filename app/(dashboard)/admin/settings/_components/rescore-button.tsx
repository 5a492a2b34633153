"use client";

import { useEffect, useState } from "react";
import { notFollowed } from "./not-followed";
import { startRescoreAction } from "../actions";
import type { RescoreKind, RunningRescore } from "@/lib/jobs";

type Progress = { done: number; total: number; state: string; message?: string | null };

const ENDED = new Set(["done", "failed"]);

/** What each run is called where its progress is told. */
const NAMES: Record<RescoreKind, { noun: string; button: string }> = {
  rescore: { noun: "Rescore", button: "Rescore all comments in the background" },
  rules: { noun: "Applying the rules", button: "Apply the rules to stored comments" },
};

/**
 * Starts a background rescore, or a run of the flag rules alone over the stored comments (after
 * thresholds or word lists changed), and follows its progress. One of either runs at a time, so
 * both buttons share one progress line; `running`: one already under way (after a reload).
 */
export function RescoreButton({ running: underWay = null }: { running?: RunningRescore | null }) {
  const [run, setRun] = useState<RunningRescore | null>(underWay);
  const runId = run?.runId ?? null;
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Why the run followed is not the one asked for: kept while it runs, unlike a polling error.
  const [notice, setNotice] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  useEffect(() => {
    if (!runId) return;
    let stopped = false;
    const poll = async () => {
      let ended = false;
      try {
        const response = await fetch(`/api/v1/jobs/${encodeURIComponent(runId)}`);
        if (response.ok) {
          const next = (await response.json()) as Progress;
          setProgress(next);
          setError(null);
          ended = ENDED.has(next.state);
        } else if (notFollowed(response.status)) {
          // Asking again would get the same answer: say it, and free the button.
          ended = true;
          setRun(null);
          setError(notFollowed(response.status));
        } else setError(`Progress cannot be read right now (${response.status}); trying again…`);
      } catch {
        // The server away for a moment (a redeploy): say so and keep asking.
        setError("Progress cannot be read right now; trying again…");
      }
      if (!stopped && !ended) timer = setTimeout(poll, 2000);
    };
    let timer = setTimeout(poll, 0);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [runId]);

  const share = progress && progress.total ? Math.round((progress.done / progress.total) * 100) : 0;
  const running = starting || (!!runId && !ENDED.has(progress?.state ?? ""));
  const noun = NAMES[run?.kind ?? "rescore"].noun;
  const start = async (kind: RescoreKind) => {
    if (running) return;
    setStarting(true);
    setError(null);
    setNotice(null);
    try {
      const result = await startRescoreAction(kind);
      if (result.ok) {
        setProgress(null);
        setRun({ runId: result.data.runId, kind });
      } else {
        // One is already running (another admin's, or from before a reload): follow that one.
        const current = (result as { current?: { runId?: unknown; kind?: unknown } }).current;
        if (typeof current?.runId === "string") {
          const other: RescoreKind = current.kind === "rules" ? "rules" : "rescore";
          setNotice(`${other === "rules" ? "The rules are already being applied" : "A rescore is already running"}; its progress is below.`);
          setProgress(null);
          setRun({ runId: current.runId, kind: other });
        } else setError(result.error);
      }
    } catch {
      setError(`${kind === "rules" ? "The rules" : "The rescore"} could not be started: the server did not answer. Try again.`);
    } finally {
      setStarting(false);
    }
  };
  return (
    <div className="toolbar">
      {/* Not disabled while one runs: they keep focus (a disabled button drops it to the page's top), and ignore clicks. */}
      {(["rescore", "rules"] as const).map((kind) => (
        <button key={kind} type="button" className="btn" aria-disabled={running || undefined} onClick={() => void start(kind)}>
          {NAMES[kind].button}
        </button>
      ))}
      {/* Said when the run's state changes; its count changes at every poll, so it is shown beside, not read out. */}
      <span role="status" aria-live="polite" className="small">
        {notice && running && <span>{notice} </span>}
        {error && <span className="error">{error}</span>}
        {runId && !progress && "Queued; a worker (npm run worker) picks it up…"}
        {progress && !ENDED.has(progress.state) && progress.done === 0 && (
          <>Waiting for a worker (npm run worker, or the one npm start runs) to take its batches… </>
        )}
        {progress && !ENDED.has(progress.state) && progress.done > 0 && <span className="sr-only">{noun} started.</span>}
        {progress?.state === "done" && <span className="sr-only">{noun} done.</span>}
        {progress?.state === "failed" && <span className="error">{noun} failed{progress.message ? `: ${progress.message}` : ""}</span>}
      </span>
      {progress && (
        <span className="small">
          <progress max={progress.total || 1} value={progress.done} aria-label={`${noun} progress`} /> {progress.done.toLocaleString("en")} /{" "}
          {progress.total.toLocaleString("en")} ({share}%) {progress.state === "done" ? "— done" : ""}
        </span>
      )}
    </div>
  );
}
