"use client";

import Link from "next/link";
import { useState } from "react";
import { setThreadStateAction } from "../actions";
import { useThreadAction } from "./use-thread-action";

export function AttentionActions({ threadId, premoderated }: { threadId: number; premoderated: boolean }) {
  // The buttons follow each change, so a thread closed by mistake can be reopened from here.
  const [state, setState] = useState({ premoderated, closed: false });
  const { busy, message, run } = useThreadAction();
  const set = (change: { premoderated?: boolean; closed?: boolean }, done: string) =>
    run(() => setThreadStateAction(threadId, change), done, () => setState((s) => ({ ...s, ...change })));
  return (
    <div className="actions">
      <Link className="btn" href={`/threads/${threadId}`}>
        Open thread
      </Link>
      <Link className="btn" href={`/queue?status=flagged&thread=${threadId}`}>
        Its flagged comments
      </Link>
      {state.premoderated ? (
        <button className="btn" aria-disabled={busy || undefined} onClick={() => void set({ premoderated: false }, "New comments no longer wait for review.")}>
          Stop pre-moderating
        </button>
      ) : (
        <button className="btn" aria-disabled={busy || undefined} onClick={() => void set({ premoderated: true }, "New comments will wait for review.")}>
          Pre-moderate
        </button>
      )}
      {state.closed ? (
        <button className="btn" aria-disabled={busy || undefined} onClick={() => void set({ closed: false }, "Thread reopened.")}>
          Reopen thread
        </button>
      ) : (
        <button className="btn reject" aria-disabled={busy || undefined} onClick={() => void set({ closed: true }, "Thread closed.")}>
          Close thread
        </button>
      )}
      <span role="status" aria-live="polite" className="notice">
        {message}
      </span>
    </div>
  );
}
