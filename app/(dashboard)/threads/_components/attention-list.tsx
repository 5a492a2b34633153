import Link from "next/link";
import type { ThreadAttention } from "@/lib/moderation";
import { AttentionActions } from "./attention-actions";
import { when } from "../../_lib/when";

export function AttentionList({ threads, timeZone }: { threads: ThreadAttention[]; timeZone: string }) {
  if (threads.length === 0) {
    return <p className="empty">No thread shows signs of escalation among the 200 most recently active ones.</p>;
  }
  return (
    <ol className="queue" aria-label="Threads, most urgent first">
      {threads.map((t) => (
        <li key={t.threadId} className="queue-item">
          <header>
            <Link className="author" href={`/threads/${t.threadId}`}>
              {t.title}
            </Link>
            <span>{t.comments} comments</span>
            <span>last {when(t.lastCommentAt, timeZone)}</span>
            <span className="score high">attention {t.score.toFixed(2)}</span>
            {t.premoderated && <span className="chip">pre-moderated</span>}
          </header>
          <ul>
            {t.signals.map((s) => (
              <li key={s.kind}>{s.reason}</li>
            ))}
          </ul>
          <AttentionActions threadId={t.threadId} premoderated={t.premoderated} title={t.title} />
        </li>
      ))}
    </ol>
  );
}
