"use client";

import { onToolbarKeys } from "../../../_lib/toolbar-keys";
import { statusClass } from "../../../_lib/use-said";
import { useState } from "react";
import { claimThreadAction, releaseThreadAction, setThreadStateAction } from "../../actions";
import { THREAD_STATE_WORDS } from "../../_components/thread-state-words";
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
    <div className="toolbar" role="toolbar" aria-label="Thread actions" onKeyDown={onToolbarKeys}>
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
        title={(premoderated ? THREAD_STATE_WORDS.stopPremoderating : THREAD_STATE_WORDS.premoderate).help}
        onClick={() =>
          run(
            () => setThreadStateAction(props.threadId, { premoderated: !premoderated }),
            (premoderated ? THREAD_STATE_WORDS.stopPremoderating : THREAD_STATE_WORDS.premoderate).done,
            () => setPremoderated(!premoderated),
          )
        }
      >
        {premoderated ? "Stop pre-moderating" : "Pre-moderate new comments"}
      </button>
      <button
        className="btn"
        aria-disabled={busy || undefined}
        title={(closed ? THREAD_STATE_WORDS.reopen : THREAD_STATE_WORDS.close).help}
        onClick={() =>
          run(
            () => setThreadStateAction(props.threadId, { closed: !closed }),
            (closed ? THREAD_STATE_WORDS.reopen : THREAD_STATE_WORDS.close).done,
            () => setClosed(!closed),
          )
        }
      >
        {closed ? "Reopen thread" : "Close thread"}
      </button>
      <span role="status" aria-live="polite" className={statusClass(message)}>
        {message}
      </span>
    </div>
  );
}
