"use client";

import { useState } from "react";
import { claimThreadAction, releaseThreadAction, setThreadStateAction } from "../../actions";
import { useThreadAction } from "../../_components/use-thread-action";

export function ThreadControls(props: {
  threadId: number;
  closed: boolean;
  premoderated: boolean;
  claimedBy: string | null;
  claimedByMe: boolean;
}) {
  // The toggles show the state after each change, not the one the page was loaded with.
  const [closed, setClosed] = useState(props.closed);
  const [premoderated, setPremoderated] = useState(props.premoderated);
  const [mine, setMine] = useState(props.claimedByMe);
  const { busy, message, run } = useThreadAction();
  return (
    <div className="toolbar" role="toolbar" aria-label="Thread actions">
      {mine ? (
        <button className="btn" aria-disabled={busy || undefined} onClick={() => run(
              () => releaseThreadAction(props.threadId),
              "Released the thread.",
              () => setMine(false),
              // The claim lapsed and someone else took the thread: it is not ours to release any more.
              () => setMine(false),
            )}>
          Release my claim
        </button>
      ) : (
        <button className="btn" aria-disabled={busy || undefined} onClick={() => run(() => claimThreadAction(props.threadId), "You are working on this thread.", () => setMine(true))}>
          Claim this thread
        </button>
      )}
      {mine ? (
        <span className="chip">claimed by you</span>
      ) : (
        props.claimedBy && !props.claimedByMe && <span className="chip">claimed by {props.claimedBy}</span>
      )}
      {/* The state in words; the buttons name what they do (a pressed "Reopen thread" would read backwards). */}
      {closed && <span className="chip">closed</span>}
      {premoderated && <span className="chip">pre-moderated</span>}
      <button
        className="btn"
        aria-disabled={busy || undefined}
        onClick={() =>
          run(
            () => setThreadStateAction(props.threadId, { premoderated: !premoderated }),
            premoderated ? "New comments no longer wait for review." : "New comments in this thread will wait for review.",
            () => setPremoderated(!premoderated),
          )
        }
      >
        {premoderated ? "Stop pre-moderating" : "Pre-moderate new comments"}
      </button>
      <button
        className="btn"
        aria-disabled={busy || undefined}
        onClick={() => run(() => setThreadStateAction(props.threadId, { closed: !closed }), closed ? "Thread reopened." : "Thread closed.", () => setClosed(!closed))}
      >
        {closed ? "Reopen thread" : "Close thread"}
      </button>
      <span role="status" aria-live="polite" className="notice">
        {message}
      </span>
    </div>
  );
}
