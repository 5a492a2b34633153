"use client";

import { useEffect, useState } from "react";
import { notFollowed } from "./not-followed";
import { startRescoreAction } from "../actions";

type Progress = { done: number; total: number; state: string; message?: string | null };

const ENDED = new Set(["done", "failed"]);

/** Starts a background rescore and follows its progress; `running`: one already under way (after a reload). */
export function RescoreButton({ running: underWay = null }: { running?: string | null }) {
  const [runId, setRunId] = useState<string | null>(underWay);
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
          setRunId(null);
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
  return (
    <div className="toolbar">
      {/* Not disabled while it runs: it keeps focus (a disabled button drops it to the page's top), and ignores clicks. */}
      <button
        className="btn"
        aria-disabled={running || undefined}
        onClick={async () => {
          if (running) return;
          setStarting(true);
          setError(null);
          setNotice(null);
          try {
            const result = await startRescoreAction();
            if (result.ok) {
              setProgress(null);
              setRunId(result.data.runId);
            } else {
              // One is already running (another admin's, or from before a reload): follow that one.
              const running = (result as { current?: { runId?: unknown } }).current?.runId;
              if (typeof running === "string") {
                setNotice("A rescore is already running; its progress is below.");
                setRunId(running);
              } else setError(result.error);
            }
          } catch {
            setError("The rescore could not be started: the server did not answer. Try again.");
          } finally {
            setStarting(false);
          }
        }}
      >
        Rescore all comments in the background
      </button>
      {/* Said when the run's state changes; its count changes at every poll, so it is shown beside, not read out. */}
      <span role="status" aria-live="polite" className="small">
        {notice && running && <span>{notice} </span>}
        {error && <span className="error">{error}</span>}
        {runId && !progress && "Queued; a worker (npm run worker) picks it up…"}
        {progress && !ENDED.has(progress.state) && progress.done === 0 && (
          <>Waiting for a worker (npm run worker, or the one npm start runs) to take its batches… </>
        )}
        {progress && !ENDED.has(progress.state) && progress.done > 0 && <span className="sr-only">Rescore started.</span>}
        {progress?.state === "done" && <span className="sr-only">Rescore done.</span>}
        {progress?.state === "failed" && <span className="error">Rescore failed{progress.message ? `: ${progress.message}` : ""}</span>}
      </span>
      {progress && (
        <span className="small">
          <progress max={progress.total || 1} value={progress.done} aria-label="Rescore progress" /> {progress.done.toLocaleString("en")} /{" "}
          {progress.total.toLocaleString("en")} ({share}%) {progress.state === "done" ? "— done" : ""}
        </span>
      )}
    </div>
  );
}
