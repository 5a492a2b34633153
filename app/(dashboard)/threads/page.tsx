import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/guard";
import { threadsNeedingAttention } from "@/lib/moderation";
import { AttentionActions } from "./_components/attention-actions";

export const metadata: Metadata = { title: "Threads needing attention" };

export default async function ThreadsPage() {
  await requirePageUser("moderate", "/threads");
  const threads = await threadsNeedingAttention({ limit: 30 });
  return (
    <>
      <h1>Threads needing attention</h1>
      <p className="muted">
        Open threads heating up, most urgent first: incivility rising over the thread, two commenters in a hostile
        back-and-forth, or a burst of first-time commenters. Pre-moderate a thread to hold its new comments for review.
      </p>
      {threads.length === 0 ? (
        <p className="empty">No thread shows signs of escalation among the 200 most recently active ones.</p>
      ) : (
        <ol className="queue" aria-label="Threads, most urgent first">
          {threads.map((t) => (
            <li key={t.threadId} className="queue-item">
              <header>
                <Link className="author" href={`/threads/${t.threadId}`}>
                  {t.title}
                </Link>
                <span>{t.comments} comments</span>
                <span>last {new Date(t.lastCommentAt).toLocaleString()}</span>
                <span className="score high">attention {t.score.toFixed(2)}</span>
                {t.premoderated && <span className="chip">pre-moderated</span>}
              </header>
              <ul>
                {t.signals.map((s) => (
                  <li key={s.kind}>{s.reason}</li>
                ))}
              </ul>
              <AttentionActions threadId={t.threadId} premoderated={t.premoderated} />
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
