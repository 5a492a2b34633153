"use client";

import { useEffect, useState } from "react";
import { notFollowed } from "./not-followed";
import { startRescoreAction } from "../actions";

type Progress = { done: number; total: number; state: string; message?: string | null };

const ENDED = new Set(["done", "failed"]);

/** Starts a background rescore and follows its progress. */
export function RescoreButton() {
  const [runId, setRunId] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);

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
  return (
    <div className="toolbar">
      <button
        className="btn"
        disabled={!!runId && !ENDED.has(progress?.state ?? "")}
        onClick={async () => {
          setError(null);
          try {
            const result = await startRescoreAction();
            if (result.ok) {
              setProgress(null);
              setRunId(result.data.runId);
            } else setError(result.error);
          } catch {
            setError("The rescore could not be started: the server did not answer. Try again.");
          }
        }}
      >
        Rescore all comments in the background
      </button>
      <span role="status" aria-live="polite" className="small">
        {error && <span className="error">{error}</span>}
        {runId && !progress && "Queued; a worker (npm run worker) picks it up…"}
        {progress && progress.state !== "done" && progress.state !== "failed" && progress.done === 0 && (
          <>Waiting for a worker (npm run worker, or the one npm start runs) to take its batches… </>
        )}
        {progress && (
          <>
            <progress max={progress.total || 1} value={progress.done} aria-label="Rescore progress" /> {progress.done.toLocaleString("en")} /{" "}
            {progress.total.toLocaleString("en")} ({share}%) {progress.state === "done" ? "— done" : ""}
            {progress.state === "failed" && <span className="error"> — failed{progress.message ? `: ${progress.message}` : ""}</span>}
          </>
        )}
      </span>
    </div>
  );
}
