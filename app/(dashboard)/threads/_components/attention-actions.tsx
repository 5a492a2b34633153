"use client";

import { statusClass } from "../../_lib/use-said";
import Link from "next/link";
import { setThreadStateAction } from "../actions";
import { THREAD_STATE_WORDS } from "./thread-state-words";
import { useThreadAction } from "./use-thread-action";

export type ThreadState = { premoderated: boolean; closed: boolean };

/**
 * `title`: the thread's, said after each control's name, so a screen reader's list of buttons tells the threads apart.
 * The buttons follow each change (`onChanged`), so a thread closed by mistake can be reopened from here.
 */
export function AttentionActions({
  threadId, title, state, onChanged,
}: {
  threadId: number;
  title: string;
  state: ThreadState;
  onChanged: (change: Partial<ThreadState>) => void;
}) {
  const which = <span className="sr-only">, {title}</span>;
  const { busy, message, run } = useThreadAction();
  const set = (change: Partial<ThreadState>, done: string) => run(() => setThreadStateAction(threadId, change), done, () => onChanged(change));
  return (
    <div className="actions">
      <Link className="btn" href={`/threads/${threadId}`}>
        Open thread{which}
      </Link>
      <Link className="btn" href={`/queue?status=flagged&thread=${threadId}`}>
        Its flagged comments{which}
      </Link>
      {state.premoderated ? (
        <button
          className="btn"
          aria-disabled={busy || undefined}
          title={THREAD_STATE_WORDS.stopPremoderating.help}
          onClick={() => void set({ premoderated: false }, THREAD_STATE_WORDS.stopPremoderating.done)}
        >
          Stop pre-moderating{which}
        </button>
      ) : (
        <button
          className="btn"
          aria-disabled={busy || undefined}
          title={THREAD_STATE_WORDS.premoderate.help}
          onClick={() => void set({ premoderated: true }, THREAD_STATE_WORDS.premoderate.done)}
        >
          Pre-moderate{which}
        </button>
      )}
      {state.closed ? (
        <button className="btn" aria-disabled={busy || undefined} title={THREAD_STATE_WORDS.reopen.help} onClick={() => void set({ closed: false }, THREAD_STATE_WORDS.reopen.done)}>
          Reopen thread{which}
        </button>
      ) : (
        <button className="btn reject" aria-disabled={busy || undefined} title={THREAD_STATE_WORDS.close.help} onClick={() => void set({ closed: true }, THREAD_STATE_WORDS.close.done)}>
          Close thread{which}
        </button>
      )}
      <span role="status" aria-live="polite" className={statusClass(message)}>
        {message}
      </span>
    </div>
  );
}
