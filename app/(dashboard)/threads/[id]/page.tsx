import { pageId } from "../../_lib/page-id";
import type { Metadata } from "next";
import { cache } from "react";
import Link from "next/link";
import { plural } from "../../_lib/plural";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/guard";
import { NotFoundError } from "@/lib/errors";
import { pageTitle } from "../../_lib/page-title";
import { day, when } from "../../_lib/when";
import { newsroomZone } from "../../_lib/zone";
import { getThread } from "@/lib/moderation";
import { dbIdText } from "@/lib/zod-fields";
import { TrendChart } from "../../_components/trend-chart";
import { ThreadControls } from "./_components/thread-controls";
import { ThreadTree } from "./_components/thread-tree";
import { BackToThreads } from "../_components/list-memory";
import { LiveCount, LiveCounts } from "../../_components/live-counts";
import { THREAD_WAITING_STATUSES } from "@/lib/moderation/constants";

const WAITING = { waiting: THREAD_WAITING_STATUSES };

// Loaded once per request, for the title and the page: both pass both arguments, as React's cache
// keys on each one given ((5) and (5, undefined) would be two loads).
const loadThread = cache(async (id: number, around: number | "latest" | undefined) => getThread(id, await newsroomZone(), around));

/**
 * `?comment=ID`: a long thread is shown around that comment (a link that cannot be read is left
 * out); `?latest=1`: its latest comments.
 */
const aroundOf = (raw: Record<string, string | string[] | undefined>) => {
  const parsed = dbIdText.safeParse(raw.comment);
  if (parsed.success) return parsed.data;
  return raw.latest === "1" ? ("latest" as const) : undefined;
};

export async function generateMetadata({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }): Promise<Metadata> {
  const around = aroundOf(await searchParams);
  return pageTitle((await params).id, "Thread", async (id) => (await loadThread(id, around)).title);
}

export default async function ThreadPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const around = aroundOf(await searchParams);
  const user = await requirePageUser("moderate", `/threads/${id}`, await searchParams);
  const threadId = pageId(id);
  if (threadId === null) notFound();
  const [thread, timeZone] = await Promise.all([
    loadThread(threadId, around).catch((err) => {
      if (err instanceof NotFoundError) notFound();
      throw err;
    }),
    newsroomZone(),
  ]);
  // The window counts pingbacks too: they sit in the tree in time order like comments.
  const entries = thread.pingbacks > 0 ? "comments and pingbacks" : "comments";
  return (
    <LiveCounts initial={{ waiting: thread.waiting }} groups={WAITING}>
      <p>
        <BackToThreads />
      </p>
      <h1>{thread.title}</h1>
      <p className="muted">
        {thread.source.name} · {plural(thread.total - thread.pingbacks, "comment")}
        {thread.pingbacks > 0 && ` and ${plural(thread.pingbacks, "pingback")}`} · <LiveCount name="waiting" /> waiting for review
        {thread.url && (
          <>
            {" "}
            · <a href={thread.url} rel="noreferrer noopener" target="_blank">original article</a>
          </>
        )}
        {" "}· <Link href={`/queue?status=all&thread=${thread.id}`}>open in the queue</Link>
      </p>
      <ThreadControls
        threadId={thread.id}
        closed={thread.closed}
        premoderated={thread.premoderated}
        claimedBy={thread.claimedBy?.email ?? null}
        claimedByMe={thread.claimedBy?.id === user.id}
      />
      <section className="panel" aria-labelledby="timeline-title">
        <h2 id="timeline-title">Sentiment and incivility over the thread</h2>
        <TrendChart
          label="Average sentiment and incivility of the thread over time"
          timeZone={timeZone}
          data={thread.timeline.map((t) => ({
            label: thread.timelineUnit === "day" ? day(t.bucket, timeZone) : when(t.bucket, timeZone),
            at: Date.parse(t.bucket),
            sentiment: t.avgSentiment,
            incivility: t.avgIncivility,
            comments: t.comments,
          }))}
        />
      </section>
      {thread.truncated && (
        <p className="muted">
          {thread.offset === 0
            ? `Showing the first ${thread.comments.length.toLocaleString("en")} of ${thread.total.toLocaleString("en")} ${entries}. `
            : thread.offset + thread.comments.length >= thread.total
              ? `Showing the latest ${thread.comments.length.toLocaleString("en")} of ${thread.total.toLocaleString("en")} ${entries}. `
              : `Showing ${entries} ${(thread.offset + 1).toLocaleString("en")}–${(thread.offset + thread.comments.length).toLocaleString("en")} of ${thread.total.toLocaleString("en")}, around the one opened. `}
          {thread.offset > 0 && <Link href={`/threads/${thread.id}`}>Show the first ones</Link>}
          {thread.offset > 0 && thread.offset + thread.comments.length < thread.total && " · "}
          {thread.offset + thread.comments.length < thread.total && <Link href={`/threads/${thread.id}?latest=1`}>Show the latest ones</Link>}
        </p>
      )}
      {thread.comments.length === 0 ? (
        <p className="empty">This thread has no comments.</p>
      ) : (
        // Keyed by the window: a link to another part of a long thread (same page, other search
        // params) keeps the component, and its state would otherwise keep the old comments.
        <ThreadTree key={thread.offset} comments={thread.comments} timeZone={timeZone} />
      )}
    </LiveCounts>
  );
}
