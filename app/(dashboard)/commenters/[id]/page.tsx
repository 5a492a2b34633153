import { pageId } from "../../_lib/page-id";
import type { Metadata } from "next";
import { cache } from "react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/guard";
import { day, when } from "../../_lib/when";
import { newsroomZone } from "../../_lib/zone";
import { formatDate } from "@/lib/analytics/dates";
import { NotFoundError } from "@/lib/errors";
import { pageTitle } from "../../_lib/page-title";
import { DECISIONS_LISTED, getCommenter } from "@/lib/moderation";
import { TrendChart } from "../../_components/trend-chart";
import { TableScroll } from "../../_components/table-scroll";
import { shorten } from "../../_lib/shorten";
import { commentLink } from "../../_lib/comment-link";

// Loaded once per request, for the title and the page.
const loadCommenter = cache(async (id: number) => getCommenter(id, { timeZone: await newsroomZone() }));

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return pageTitle((await params).id, "Commenter", async (id) => (await loadCommenter(id)).displayName);
}

const percent = (n: number, of: number) => (of ? `${Math.round((n / of) * 100)}%` : "–");

export default async function CommenterPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requirePageUser("moderate", `/commenters/${id}`);
  const commenterId = pageId(id);
  if (commenterId === null) notFound();
  const [person, timeZone] = await Promise.all([
    loadCommenter(commenterId).catch((err) => {
      if (err instanceof NotFoundError) notFound();
      throw err;
    }),
    newsroomZone(),
  ]);
  const s = person.stats;
  return (
    <>
      <h1>{person.displayName}</h1>
      <p className="muted">
        Commenter on {person.source.name}
        {s.firstAt && ` · first comment ${day(s.firstAt, timeZone)}, latest ${day(s.lastAt!, timeZone)}`}
        {" "}· <Link href={`/queue?status=all&commenter=${person.id}`}>all their comments in the queue</Link>
      </p>
      <section className="panel stats" aria-label="Figures">
        <div><strong>{s.comments.toLocaleString("en")}</strong> {s.comments === 1 ? "comment" : "comments"}</div>
        <div><strong>{s.threads.toLocaleString("en")}</strong> {s.threads === 1 ? "thread" : "threads"}</div>
        <div><strong>{percent(s.everFlagged, s.comments)}</strong> ever flagged</div>
        <div><strong>{s.rejected}</strong> rejected</div>
        <div><strong>{s.approved}</strong> approved</div>
        <div><strong>{s.removedAtSource}</strong> removed at source</div>
      </section>
      <div className="grid2">
        <section className="panel" aria-labelledby="trend-title">
          <h2 id="trend-title">Sentiment and incivility by week</h2>
          <TrendChart
            label="Weekly average sentiment and incivility of this commenter"
            // Each week is its Monday's date, placed at that date's UTC midnight and so read in UTC.
            timeZone="UTC"
            data={person.trend.map((t) => ({
              label: `week of ${formatDate(t.week)}`,
              at: Date.parse(`${t.week}T00:00:00Z`),
              sentiment: t.avgSentiment,
              incivility: t.avgIncivility,
              comments: t.comments,
            }))}
          />
        </section>
        <section className="panel" aria-labelledby="replies-title">
          <h2 id="replies-title">Replies most often to</h2>
          {person.repliesTo.length === 0 ? (
            <p className="muted">No replies to other commenters.</p>
          ) : (
            <ol>
              {person.repliesTo.map((r) => (
                <li key={r.commenterId ?? r.name}>
                  {r.commenterId ? <Link href={`/commenters/${r.commenterId}`}>{r.name}</Link> : r.name} — {r.count}
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
      <section className="panel" aria-labelledby="comments-title">
        <h2 id="comments-title">Latest comments</h2>
        {person.comments.length < s.comments && (
          <p className="muted small">
            The latest {person.comments.length.toLocaleString("en")} of {s.comments.toLocaleString("en")}; the queue
            (<Link href={`/queue?status=all&commenter=${person.id}`}>all their comments</Link>) lists every one.
          </p>
        )}
        <TableScroll>
          <table aria-label="Their comments">
            <thead>
              <tr><th scope="col">When</th><th scope="col">Thread</th><th scope="col">Comment</th><th scope="col">Incivility</th><th scope="col">Status</th></tr>
            </thead>
            <tbody>
              {person.comments.map((c) => (
                <tr key={c.id}>
                  <td>{when(c.postedAt, timeZone)}</td>
                  <td><Link href={commentLink(c.threadId, c.id)}>{c.threadTitle}</Link></td>
                  <td>{shorten(c.body, 160)}</td>
                  <td>{c.incivility === null ? "–" : `${Math.round(c.incivility * 100)}%`}</td>
                  <td>{c.modStatus === "none" ? "not flagged" : c.modStatus}{c.sourceStatus !== "visible" ? ` (source: ${c.sourceStatus})` : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      <section className="panel" aria-labelledby="decisions-title">
        <h2 id="decisions-title">Decisions on their comments</h2>
        {person.decisions.length >= DECISIONS_LISTED && (
          <p className="muted small">
            The latest {DECISIONS_LISTED}; <Link href={`/audit?commenter=${person.id}`}>the audit log has them all</Link>.
          </p>
        )}
        {person.decisions.length === 0 ? (
          <p className="muted">No moderator has decided on their comments yet.</p>
        ) : (
          <ul>
            {person.decisions.map((d, i) => (
              <li key={i}>
                {when(d.at, timeZone)}: {d.action}{d.reason ? ` (${d.reason})` : ""} by {d.by} —{" "}
                <Link href={commentLink(d.threadId, d.commentId)}>comment {d.commentId}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
