import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { requirePageUser } from "@/lib/auth/guard";
import { listQueue, QUEUE_STATUSES } from "@/lib/moderation/queue";
import { QueueList } from "./_components/queue-list";

export const metadata: Metadata = { title: "Review queue" };

const searchSchema = z.object({
  status: z.enum(QUEUE_STATUSES).catch("flagged"),
  after: z.string().optional().catch(undefined),
  thread: z.coerce.number().int().positive().optional().catch(undefined),
});

const LABELS: Record<(typeof QUEUE_STATUSES)[number], string> = {
  flagged: "Flagged",
  pending: "Pending",
  escalated: "Escalated",
  approved: "Approved",
  rejected: "Rejected",
  all: "All",
};

export default async function QueuePage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  await requirePageUser("moderate", "/queue");
  const { status, after, thread } = searchSchema.parse(await searchParams);
  const page = await listQueue({ status, after, thread, limit: 50 });
  const threadParam = thread ? `&thread=${thread}` : "";
  return (
    <>
      <h1>Review queue</h1>
      <nav className="tabs" aria-label="Queues">
        {QUEUE_STATUSES.map((s) => (
          <Link key={s} href={`/queue?status=${s}${threadParam}`} aria-current={s === status ? "page" : undefined}>
            {LABELS[s]}
          </Link>
        ))}
      </nav>
      {thread && (
        <p>
          Showing one thread only. <Link href={`/queue?status=${status}`}>Show all threads</Link>
        </p>
      )}
      <p className="muted">
        Highest priority first. Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>a</kbd> approve, <kbd>r</kbd> reject.
      </p>
      {page.items.length === 0 ? (
        <p className="empty">Nothing in this queue{after ? " past this point" : ""}. New flags appear here as comments are imported and scored.</p>
      ) : (
        <QueueList key={`${status}:${after ?? ""}`} items={page.items} />
      )}
      {page.next && (
        <p>
          <Link className="btn" href={`/queue?status=${status}${threadParam}&after=${encodeURIComponent(page.next)}`}>
            Next page
          </Link>
        </p>
      )}
    </>
  );
}
