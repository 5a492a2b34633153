"use client";

import Link from "next/link";
import { useState } from "react";
import { setThreadStateAction } from "../actions";

export function AttentionActions({ threadId, premoderated }: { threadId: number; premoderated: boolean }) {
  const [message, setMessage] = useState("");
  // The buttons follow each change, so a thread closed by mistake can be reopened from here.
  const [state, setState] = useState({ premoderated, closed: false });
  const set = async (change: { premoderated?: boolean; closed?: boolean }, done: string) => {
    const result = await setThreadStateAction(threadId, change);
    if (result.ok) setState((s) => ({ ...s, ...change }));
    setMessage(result.ok ? done : `Not saved: ${result.error}`);
  };
  return (
    <div className="actions">
      <Link className="btn" href={`/threads/${threadId}`}>
        Open thread
      </Link>
      <Link className="btn" href={`/queue?status=flagged&thread=${threadId}`}>
        Its flagged comments
      </Link>
      {state.premoderated ? (
        <button className="btn" onClick={() => void set({ premoderated: false }, "New comments no longer wait for review.")}>
          Stop pre-moderating
        </button>
      ) : (
        <button className="btn" onClick={() => void set({ premoderated: true }, "New comments will wait for review.")}>
          Pre-moderate
        </button>
      )}
      {state.closed ? (
        <button className="btn" onClick={() => void set({ closed: false }, "Thread reopened.")}>
          Reopen thread
        </button>
      ) : (
        <button className="btn reject" onClick={() => void set({ closed: true }, "Thread closed.")}>
          Close thread
        </button>
      )}
      <span role="status" aria-live="polite" className="notice">
        {message}
      </span>
    </div>
  );
}
