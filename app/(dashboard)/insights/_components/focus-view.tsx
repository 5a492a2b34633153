import { notFound } from "next/navigation";
import { can } from "@/lib/auth/roles";
import type { PublicUser } from "@/lib/auth/users";
import { describeFilterProblems, NotFoundError } from "@/lib/errors";
import { drillTarget, drillUrl, queueUrl, threadUrl } from "@/lib/analytics/drill";
import { formatDate } from "@/lib/analytics/dates";
import { FOCUS_BUCKETS, focusParamsSchema, loadFocus, type FocusInsights, type FocusKind } from "@/lib/analytics/focus";
import { articleInsightsUrl, authorInsightsUrl, insightsUrl } from "@/lib/analytics/focus-urls";
import { settledActiveScorer } from "@/lib/scoring";
import { daysOf, SeriesTrend } from "./series-trend";
import { pageId } from "../../_lib/page-id";

type Search = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;
const pct = (v: number | null) => (v === null ? "–" : `${(v * 100).toFixed(1)}%`);
const KIND_LABEL: Record<FocusKind, string> = { article: "Article", author: "Author" };

/** Loads one article's or author's insights, or says why the filters cannot be used. */
export async function loadFocusView(kind: FocusKind, rawId: string, search: Search): Promise<{ data: FocusInsights } | { problem: string }> {
  const id = pageId(rawId);
  if (id === null) notFound();
  const parsed = focusParamsSchema.safeParse({ from: first(search.from), to: first(search.to), bucket: first(search.bucket), model: first(search.model) });
  if (!parsed.success) return { problem: describeFilterProblems(parsed.error) };
  try {
    return { data: await loadFocus(kind, id, parsed.data) };
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
}

/**
 * One article or author over time, for anyone who may see Insights: figures, the trend
 * (bars open the comments where the role may see them) and its data table. Moderators
 * also get a link to the thread or commenter view.
 */
export async function FocusView({ kind, id, view, user }: { kind: FocusKind; id: number; view: { data: FocusInsights } | { problem: string }; user: PublicUser }) {
  const base = kind === "article" ? articleInsightsUrl(id) : authorInsightsUrl(id);
  if ("problem" in view) {
    return (
      <>
        <h1>{KIND_LABEL[kind]}</h1>
        <p className="error" role="alert">These filters cannot be used: {view.problem}.</p>
        <p><a className="btn" href={base}>Show its whole history</a></p>
      </>
    );
  }
  const { data } = view;
  const { subject, totals } = data;
  const canModerate = can(user.role, "moderate");
  // Read from the settings: in a new process the cached model is the shipped one until then.
  const active = (await settledActiveScorer()).model;
  // Figures from another model than the active one: links and the range form keep it.
  const otherModel = data.model.name === active.name && data.model.version === active.version ? undefined : `${data.model.name}@${data.model.version}`;
  // Authors have no report filter: for roles without the queue (or another model than the queue's), their bars open nothing.
  const drill = (from: string, to: string) =>
    kind === "article"
      ? drillUrl({ thread: id, from, to, model: otherModel }, canModerate)
      : canModerate && !otherModel ? queueUrl({ commenter: id, from, to }) : undefined;
  // An hour's row names its hour; the others their days.
  const period = (p: { from: string; to: string; label: string }) => (data.bucket === "hour" ? `${formatDate(p.from)} ${p.label.slice(-5)}` : daysOf(p));
  return (
    <>
      <p className="muted small"><a href={insightsUrl(otherModel, data)}>Insights</a> › {KIND_LABEL[kind]}</p>
      <h1>{subject.name}</h1>
      <p className="muted" data-testid="focus-context">
        {subject.source}
        {subject.section ? ` · ${subject.section}` : ""} · {daysOf(data)} · days in {data.timezone} · scores from model{" "}
        <strong>{data.model.name} {data.model.version}</strong> · a comment counts as uncivil at 50% or more
      </p>
      <p className="toolbar">
        {subject.url && <a href={subject.url} rel="noopener noreferrer" target="_blank">Read the article</a>}
        {canModerate && kind === "article" && <a href={threadUrl(id)}>Open the thread</a>}
        {canModerate && kind === "author" && <a href={`/commenters/${id}`}>Open the commenter view</a>}
      </p>
      <form className="toolbar" method="get" action={base} aria-label="Range">
        <label>From <input type="date" name="from" defaultValue={data.from} /></label>
        <label>To <input type="date" name="to" defaultValue={data.to} /></label>
        <label>
          Per
          <select name="bucket" defaultValue={data.bucket}>
            {FOCUS_BUCKETS.map((b) => <option key={b} value={b}>{b}</option>)}
          </select>
        </label>
        {otherModel && <input type="hidden" name="model" value={otherModel} />}
        <button className="btn" type="submit">Show</button>
        {subject.firstDay && <a href={kind === "article" ? articleInsightsUrl(id, otherModel) : authorInsightsUrl(id, otherModel)}>Whole history</a>}
      </form>
      {data.shortened && (
        <p className="notice-box" role="status" data-testid="range-note">
          Shown from {formatDate(data.from)}: at most ten years at once.
        </p>
      )}
      {totals.comments === 0 ? (
        <p className="muted">No comments {subject.firstDay ? "in this range" : "yet"}.</p>
      ) : (
        <>
          <dl className="stats" aria-label="Key figures">
            <div><dt>Comments</dt><dd><strong>{totals.comments.toLocaleString("en")}</strong></dd></div>
            <div><dt>Average sentiment</dt><dd><strong>{totals.avgSentiment === null ? "–" : totals.avgSentiment.toFixed(2)}</strong></dd></div>
            <div><dt>Uncivil</dt><dd><strong>{pct(totals.uncivilShare)}</strong></dd></div>
            <div><dt>Flagged</dt><dd><strong>{totals.flagged.toLocaleString("en")}</strong></dd></div>
            <div><dt>Removed</dt><dd><strong>{totals.removed.toLocaleString("en")}</strong></dd></div>
          </dl>
          <section className="panel" aria-labelledby="focus-trend-title">
            <h2 id="focus-trend-title">Comments, sentiment and incivility per {data.bucket}</h2>
            {drill(data.from, data.to) && (
              <p className="muted small">
                {/* Where the links go: another model's figures open a report preview, for moderators too; an author's, the queue. */}
                Click a bar (or a period in the data table) to open its comments{" "}
                {kind === "article" ? drillTarget({ thread: id, model: otherModel }, canModerate) : "in the review queue"}.
              </p>
            )}
            <SeriesTrend series={data.series} periodOf={period} hrefOf={(p) => drill(p.from, p.to)} />
          </section>
        </>
      )}
    </>
  );
}
