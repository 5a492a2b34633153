"use client";

import Link from "next/link";
import { useState } from "react";
import type { ThreadAttention } from "@/lib/moderation";
import { AttentionActions, type ThreadState } from "./attention-actions";
import { when } from "../../_lib/when";

export function AttentionList({ threads, timeZone }: { threads: ThreadAttention[]; timeZone: string }) {
  if (threads.length === 0) {
    return <p className="empty">No thread shows signs of escalation among the 200 most recently active ones.</p>;
  }
  return (
    <ol className="queue" aria-label="Threads, most urgent first">
      {threads.map((t) => (
        <AttentionItem key={t.threadId} thread={t} timeZone={timeZone} />
      ))}
    </ol>
  );
}

/** One thread; its chips follow the changes made with its buttons (the list is not reloaded for them). */
function AttentionItem({ thread: t, timeZone }: { thread: ThreadAttention; timeZone: string }) {
  const [state, setState] = useState<ThreadState>({ premoderated: t.premoderated, closed: false });
  return (
    <li className="queue-item">
      <header>
        <Link className="author" href={`/threads/${t.threadId}`}>
          {t.title}
        </Link>
        <span>{t.comments} comments</span>
        {/* Server and browser may name a zone differently (see when.ts). */}
        <span>
          last <time dateTime={t.lastCommentAt} suppressHydrationWarning>{when(t.lastCommentAt, timeZone)}</time>
        </span>
        <span className="score high">attention {t.score.toFixed(2)}</span>
        {state.closed && <span className="chip">closed</span>}
        {state.premoderated && <span className="chip">pre-moderated</span>}
      </header>
      <ul>
        {t.signals.map((s) => (
          <li key={s.kind}>{s.reason}</li>
        ))}
      </ul>
      <AttentionActions threadId={t.threadId} title={t.title} state={state} onChanged={(change) => setState((s) => ({ ...s, ...change }))} />
    </li>
  );
}
