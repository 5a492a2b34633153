import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/guard";
import { getTimezone } from "@/lib/analytics";
import { parseLeavingOut } from "@/lib/http";
import { countQueueUpTo, isQueueCursor, listQueue, listSources, QUEUE_STATUSES, queueFilterSchema, type QueueFilter } from "@/lib/moderation";
import { FilterBar, NOT_APPLIED_ID } from "./_components/filter-bar";
import { QueueList } from "./_components/queue-list";
import { REVIEW_STATUSES } from "@/lib/moderation/constants";
import { LiveCount, LiveCounts } from "../_components/live-counts";

export const metadata: Metadata = { title: "Review queue" };

const LABELS: Record<(typeof QUEUE_STATUSES)[number], string> = {
  flagged: "Flagged",
  pending: "Pending at source",
  escalated: "Escalated",
  approved: "Approved",
  rejected: "Rejected",
  all: "All",
};

/** Tabs that show how many comments wait in them; counted up to the cap ("10,000+"). */
const TAB_COUNT_CAP = 10_000;
/** Each tab's count holds the comments in its own state. */
const TAB_GROUPS = Object.fromEntries(REVIEW_STATUSES.map((s) => [s, [s]]));

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

const FIELD_LABELS: Record<string, string> = {
  status: "Queue", source: "Source", thread: "Thread", commenter: "Commenter", author: "Author", text: "Comment contains",
  attribute: "Attribute", min: "Incivility from (%)", max: "Incivility to (%)", from: "Posted from", to: "Posted to", reason: "Flag reason",
};

type Ignored = { field: string; label: string; problem: string };

/**
 * Leaves out unusable filter values, so a typo in the URL shows a queue rather than an error page,
 * and says which were left out: the page then shows a wider queue than the form suggests.
 */
function parseFilter(raw: Record<string, string>): { filter: QueueFilter; ignored: Ignored[] } {
  const cleaned = Object.fromEntries(Object.entries(fromPercent(raw)).filter(([k, v]) => v !== "" && k in FIELD_LABELS));
  // Percent fields that are not numbers never reach min/max: name them too.
  const ignored: Ignored[] = (["minPct", "maxPct"] as const)
    .filter((k) => raw[k] !== undefined && raw[k] !== "" && !Number.isFinite(Number(raw[k])))
    .map((k) => ({ field: k === "minPct" ? "min" : "max", label: FIELD_LABELS[k === "minPct" ? "min" : "max"]!, problem: "not a number" }));
  const { data: filter, leftOut } = parseLeavingOut(queueFilterSchema, cleaned);
  for (const [field, problem] of leftOut) ignored.push({ field, label: FIELD_LABELS[field] ?? field, problem: field === "min" || field === "max" ? "a percent from 0 to 100" : problem });
  return { filter, ignored };
}

/** What the user typed into a field that was left out, to show it again for correction. */
function typedValue(raw: Record<string, string>, field: string): string {
  if (field === "min") return raw.minPct ?? (raw.min !== undefined ? String(Number(raw.min) * 100) : "");
  if (field === "max") return raw.maxPct ?? (raw.max !== undefined ? String(Number(raw.max) * 100) : "");
  return raw[field] ?? "";
}

function query(filter: QueueFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filter, ...extra })) if (v !== undefined) params.set(k, String(v));
  return params.toString();
}

export default async function QueuePage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  await requirePageUser("moderate", "/queue", await searchParams);
  const raw = await searchParams;
  const { filter, ignored } = parseFilter(raw);
  // A page link from another queue (or a mangled one) starts this one from the top, and says so.
  const strayCursor = typeof raw.after === "string" && !isQueueCursor(raw.after, filter.status);
  const after = typeof raw.after === "string" && !strayCursor ? raw.after : undefined;
  const [page, sources, timeZone, backlog] = await Promise.all([
    listQueue({ ...filter, after, limit: 50 }),
    listSources(),
    getTimezone(),
    // The review tabs say how many wait, with the filters in force, so a shift starts knowing its size.
    Promise.all(REVIEW_STATUSES.map(async (s) => [s, await countQueueUpTo({ ...filter, status: s }, TAB_COUNT_CAP)] as const)).then(
      (counts) => Object.fromEntries(counts),
    ),
  ]);
  return (
    <LiveCounts initial={backlog} groups={TAB_GROUPS} cap={TAB_COUNT_CAP}>
      <h1>Review queue</h1>
      <nav className="tabs" aria-label="Queues">
        {QUEUE_STATUSES.map((s) => (
          <Link key={s} href={`/queue?${query({ ...filter, status: s })}`} aria-current={s === filter.status ? "page" : undefined}>
            {LABELS[s]}
            {s in backlog && (
              <span className="tab-count">
                {" "}
                (<LiveCount name={s} />)
              </span>
            )}
          </Link>
        ))}
      </nav>
      <FilterBar filter={filter} sources={sources} typed={Object.fromEntries(ignored.map((i) => [i.field, typedValue(raw, i.field)]))} />
      {ignored.length > 0 && (
        <p className="error" role="alert" id={NOT_APPLIED_ID}>
          Not applied: {ignored.map((i) => `${i.label} (${i.problem})`).join("; ")}. The list below is not narrowed by{" "}
          {ignored.length === 1 ? "it" : "them"}, and decisions on all matching comments are off until {ignored.length === 1 ? "it is" : "they are"} fixed.
        </p>
      )}
      {strayCursor && (
        <p className="warning" role="status">
          That page link does not belong to this queue, so it starts from the first page.
        </p>
      )}
      {(filter.thread || filter.commenter) && (
        <p>
          Showing {filter.thread ? "one thread" : "one commenter"} only.{" "}
          {/* A page load, not a client link: the filter bar's selects would keep their old choices. */}
          <a href={`/queue?status=${filter.status}`}>Show everything</a>
        </p>
      )}
      <p className="muted">
        {(REVIEW_STATUSES as readonly string[]).includes(filter.status) ? "Highest priority first." : "Most recent first."} Press{" "}
        <kbd>?</kbd> for keyboard shortcuts: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>a</kbd> approve, <kbd>r</kbd> reject,{" "}
        <kbd>e</kbd> escalate, <kbd>x</kbd> select.
      </p>
      {filter.from && filter.to && filter.from > filter.to && (
        <p className="error" role="alert">
          Posted from ({filter.from}) is after Posted to ({filter.to}): no comment can match.
        </p>
      )}
      {filter.min !== undefined && filter.max !== undefined && filter.min > filter.max && (
        <p className="error" role="alert">
          Incivility from ({Math.round(filter.min * 100)}%) is above Incivility to ({Math.round(filter.max * 100)}%): no comment can match.
        </p>
      )}
      {/* Rendered even when empty: the outcome of a decision on all matching comments stays on screen. */}
      <QueueList
        key={query(filter, after ? { after } : {})}
        items={page.items}
        filter={filter}
        more={!!page.next}
        filtersIgnored={ignored.length > 0}
        timeZone={timeZone}
        renderedAt={Date.now()}
        renderId={randomUUID()}
        pages={{ first: `/queue?${query(filter)}`, next: page.next ? `/queue?${query(filter, { after: page.next })}` : null, paged: !!after }}
      />
    </LiveCounts>
  );
}
