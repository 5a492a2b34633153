import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/guard";
import { listQueue, listSources, QUEUE_STATUSES, queueFilterSchema, type QueueFilter } from "@/lib/moderation";
import { FilterBar } from "./_components/filter-bar";
import { QueueList } from "./_components/queue-list";

export const metadata: Metadata = { title: "Review queue" };

const LABELS: Record<(typeof QUEUE_STATUSES)[number], string> = {
  flagged: "Flagged",
  pending: "Pending at source",
  escalated: "Escalated",
  approved: "Approved",
  rejected: "Rejected",
  all: "All",
};

/** The form asks for incivility in percent, as the cards show it; the filter (and the API) take 0–1. */
function fromPercent(raw: Record<string, string>): Record<string, string> {
  const out = { ...raw };
  for (const [pct, key] of [["minPct", "min"], ["maxPct", "max"]] as const) {
    const value = out[pct];
    delete out[pct];
    if (value !== undefined && value !== "" && Number.isFinite(Number(value))) out[key] = String(Number(value) / 100);
  }
  return out;
}

/** Drops unusable filter values (a typo in the URL shows the unfiltered queue, not an error page). */
function parseFilter(raw: Record<string, string>): QueueFilter {
  const cleaned = Object.fromEntries(Object.entries(fromPercent(raw)).filter(([, v]) => v !== ""));
  const parsed = queueFilterSchema.safeParse(cleaned);
  if (parsed.success) return parsed.data;
  const bad = new Set(parsed.error.issues.map((i) => String(i.path[0])));
  return queueFilterSchema.parse(Object.fromEntries(Object.entries(cleaned).filter(([k]) => !bad.has(k))));
}

function query(filter: QueueFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filter, ...extra })) if (v !== undefined) params.set(k, String(v));
  return params.toString();
}

export default async function QueuePage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  await requirePageUser("moderate", "/queue");
  const raw = await searchParams;
  const filter = parseFilter(raw);
  const after = typeof raw.after === "string" ? raw.after : undefined;
  const [page, sources] = await Promise.all([listQueue({ ...filter, after, limit: 50 }), listSources()]);
  return (
    <>
      <h1>Review queue</h1>
      <nav className="tabs" aria-label="Queues">
        {QUEUE_STATUSES.map((s) => (
          <Link key={s} href={`/queue?${query({ ...filter, status: s })}`} aria-current={s === filter.status ? "page" : undefined}>
            {LABELS[s]}
          </Link>
        ))}
      </nav>
      <FilterBar filter={filter} sources={sources} />
      {(filter.thread || filter.commenter) && (
        <p>
          Showing {filter.thread ? "one thread" : "one commenter"} only.{" "}
          <Link href={`/queue?status=${filter.status}`}>Show everything</Link>
        </p>
      )}
      <p className="muted">
        {["flagged", "pending", "escalated"].includes(filter.status) ? "Highest priority first." : "Most recent first."} Press{" "}
        <kbd>?</kbd> for keyboard shortcuts: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>a</kbd> approve, <kbd>r</kbd> reject,{" "}
        <kbd>e</kbd> escalate, <kbd>x</kbd> select.
      </p>
      {filter.min !== undefined && filter.max !== undefined && filter.min > filter.max && (
        <p className="error" role="alert">
          Incivility from ({Math.round(filter.min * 100)}%) is above Incivility to ({Math.round(filter.max * 100)}%): no comment can match.
        </p>
      )}
      {/* Rendered even when empty: the outcome of a decision on all matching comments stays on screen. */}
      <QueueList key={query(filter, after ? { after } : {})} items={page.items} filter={filter} more={!!page.next} />
      <nav className="pager" aria-label="Pages">
        {after && <Link href={`/queue?${query(filter)}`}>First page</Link>}
        {page.next && (
          <Link className="btn" href={`/queue?${query(filter, { after: page.next })}`}>
            Next page
          </Link>
        )}
      </nav>
    </>
  );
}
