"use client";

import { useState } from "react";
import { claimThreadAction, releaseThreadAction, setThreadStateAction } from "../../actions";

export function ThreadControls(props: {
  threadId: number;
  closed: boolean;
  premoderated: boolean;
  claimedBy: string | null;
  claimedByMe: boolean;
}) {
  const [message, setMessage] = useState("");
  const run = async (action: () => Promise<{ ok: boolean; error?: string }>, done: string) => {
    const result = await action();
    setMessage(result.ok ? done : `Not saved: ${"error" in result ? result.error : ""}`);
  };
  return (
    <div className="toolbar" role="toolbar" aria-label="Thread actions">
      {props.claimedByMe ? (
        <button className="btn" onClick={() => run(() => releaseThreadAction(props.threadId), "Released the thread.")}>
          Release my claim
        </button>
      ) : (
        <button className="btn" onClick={() => run(() => claimThreadAction(props.threadId), "You are working on this thread.")}>
          Claim this thread
        </button>
      )}
      {props.claimedBy && <span className="chip">claimed by {props.claimedBy}</span>}
      <button
        className="btn"
        aria-pressed={props.premoderated}
        onClick={() =>
          run(
            () => setThreadStateAction(props.threadId, { premoderated: !props.premoderated }),
            props.premoderated ? "New comments no longer wait for review." : "New comments in this thread will wait for review.",
          )
        }
      >
        {props.premoderated ? "Stop pre-moderating" : "Pre-moderate new comments"}
      </button>
      <button
        className="btn"
        aria-pressed={props.closed}
        onClick={() => run(() => setThreadStateAction(props.threadId, { closed: !props.closed }), props.closed ? "Thread reopened." : "Thread closed.")}
      >
        {props.closed ? "Reopen thread" : "Close thread"}
      </button>
      <span role="status" aria-live="polite" className="notice">
        {message}
      </span>
    </div>
  );
}
