"use client";

import Link from "next/link";
import { useState } from "react";
import { setThreadStateAction } from "../actions";
import { THREAD_STATE_WORDS } from "./thread-state-words";
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
        <button
          className="btn"
          aria-disabled={busy || undefined}
          title={THREAD_STATE_WORDS.stopPremoderating.help}
          onClick={() => void set({ premoderated: false }, THREAD_STATE_WORDS.stopPremoderating.done)}
        >
          Stop pre-moderating
        </button>
      ) : (
        <button
          className="btn"
          aria-disabled={busy || undefined}
          title={THREAD_STATE_WORDS.premoderate.help}
          onClick={() => void set({ premoderated: true }, THREAD_STATE_WORDS.premoderate.done)}
        >
          Pre-moderate
        </button>
      )}
      {state.closed ? (
        <button className="btn" aria-disabled={busy || undefined} title={THREAD_STATE_WORDS.reopen.help} onClick={() => void set({ closed: false }, THREAD_STATE_WORDS.reopen.done)}>
          Reopen thread
        </button>
      ) : (
        <button className="btn reject" aria-disabled={busy || undefined} title={THREAD_STATE_WORDS.close.help} onClick={() => void set({ closed: true }, THREAD_STATE_WORDS.close.done)}>
          Close thread
        </button>
      )}
      <span role="status" aria-live="polite" className="notice">
        {message}
      </span>
    </div>
  );
}
