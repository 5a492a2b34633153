"use client";

import Link from "next/link";
import { useState } from "react";
import { setThreadStateAction } from "../actions";

export function AttentionActions({ threadId, premoderated }: { threadId: number; premoderated: boolean }) {
  const [message, setMessage] = useState("");
  const set = async (state: { premoderated?: boolean; closed?: boolean }, done: string) => {
    const result = await setThreadStateAction(threadId, state);
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
      {!premoderated && (
        <button className="btn" onClick={() => void set({ premoderated: true }, "New comments will wait for review.")}>
          Pre-moderate
        </button>
      )}
      <button className="btn reject" onClick={() => void set({ closed: true }, "Thread closed.")}>
        Close thread
      </button>
      <span role="status" aria-live="polite" className="notice">
        {message}
      </span>
    </div>
  );
}
