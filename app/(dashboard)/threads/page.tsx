import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/guard";
import { getTimezone } from "@/lib/analytics";
import { parseLeavingOut } from "@/lib/http";
import { listSources, listThreads, threadListQuerySchema, threadsNeedingAttention } from "@/lib/moderation";
import { AttentionList } from "./_components/attention-list";
import { ThreadTable } from "./_components/thread-table";
import { RememberThreadList } from "./_components/list-memory";

export const metadata: Metadata = { title: "Threads" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ThreadsPage({ searchParams }: Props) {
  await requirePageUser("moderate", "/threads", await searchParams);
  const raw = Object.fromEntries(
    Object.entries(await searchParams).flatMap(([k, v]) => (typeof v === "string" && v !== "" ? [[k, v]] : [])),
  );
  const all = raw.view === "all";
  return (
    <>
      <h1>Threads</h1>
      <RememberThreadList />
      <nav className="tabs" aria-label="Thread lists">
        <Link href="/threads" aria-current={all ? undefined : "page"}>Needing attention</Link>
        <Link href="/threads?view=all" aria-current={all ? "page" : undefined}>All threads</Link>
      </nav>
      {all ? <AllThreads raw={raw} /> : <Attention />}
    </>
  );
}

async function Attention() {
  const [threads, timeZone] = await Promise.all([threadsNeedingAttention({ limit: 30 }), getTimezone()]);
  return (
    <>
      <p className="muted">
        Open threads heating up, most urgent first: incivility rising over the thread, two commenters in a hostile
        back-and-forth, or a burst of first-time commenters. Pre-moderating a thread flags each of its new comments for
        review here (they are already live at the source); closing one takes it off this list, and commenting on the site goes on.
      </p>
      <AttentionList threads={threads} timeZone={timeZone} />
    </>
  );
}

async function AllThreads({ raw }: { raw: Record<string, string> }) {
  const { view: _view, ...fields } = raw;
  // A field that cannot be read is left out; the others still apply.
  const { data: query, leftOut } = parseLeavingOut(threadListQuerySchema, fields);
  const [list, sources, timeZone] = await Promise.all([listThreads(query), listSources(), getTimezone()]);
  return <ThreadTable list={list} query={query} sources={sources} invalid={leftOut.size > 0} timeZone={timeZone} />;
}
