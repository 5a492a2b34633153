import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/guard";
import { describeFilterProblems } from "@/lib/errors";
import { can } from "@/lib/auth/roles";
import { loadInsights, paramsFromSearch } from "@/lib/analytics";
import { drillTarget, drillUrl, type InsightsDrill } from "@/lib/analytics/drill";
import { resolveFilters } from "@/lib/analytics/filters";
import { listModelVersions, listSegments } from "@/lib/analytics/models";
import { formatDate, MAX_PERIODS } from "@/lib/analytics/dates";
import { MIN_SCORED_TO_RANK } from "@/lib/analytics/leaders";
import { AttributeChart, CountChart, SentimentHistogram, WorkloadChart } from "./_components/charts";
import { SeriesTrend } from "./_components/series-trend";
import { FigureCards } from "./_components/figures";
import { FilterForm } from "./_components/filter-form";
import { CommenterTables, HeatBoardTables, WordList } from "./_components/tables";
import { TimezoneForm } from "./_components/timezone-form";
import "./_components/insights.css";
import { TableScroll } from "../_components/table-scroll";
import { ChartTable } from "./_components/chart-table";
import { plural } from "../_lib/plural";

export const metadata: Metadata = { title: "Insights" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function InsightsPage({ searchParams }: Props) {
  const user = await requirePageUser("viewInsights", "/insights", await searchParams);
  const search = await searchParams;
  let params;
  try {
    params = paramsFromSearch(search);
  } catch (err) {
    // The form stays, with what was typed, so the range can be corrected where it was entered.
    const issues = describeFilterProblems(err);
    // Only what the form needs: the default filters and the choices, not the default view's figures.
    const [fallback, segments, models] = await Promise.all([resolveFilters(paramsFromSearch({})), listSegments(), listModelVersions()]);
    const typed = (key: "from" | "to") => (typeof search[key] === "string" ? (search[key] as string) : fallback[key]);
    return (
      <>
        <h1>Insights</h1>
        <p className="error" role="alert">These filters cannot be used: {issues}.</p>
        <FilterForm filters={{ ...fallback, from: typed("from"), to: typed("to") }} segments={segments} models={models} />
        <p><a className="btn" href="/insights">Show the last 30 days</a></p>
      </>
    );
  }
  const data = await loadInsights(params);
  const { filters, overview, coverage } = data;
  const range = `${formatDate(filters.from)} – ${formatDate(filters.to)}`;
  const model = `${filters.model.name} ${filters.model.version}`;
  const canModerate = can(user.role, "moderate");
  const drillOf = (from: string, to: string, extra: { attribute?: string } = {}): InsightsDrill => ({
    from, to, source: filters.sourceKeys, sections: filters.sections, model: filters.otherModel ?? undefined, ...extra,
  });
  const drill = (from: string, to: string, extra: { attribute?: string } = {}) => drillUrl(drillOf(from, to, extra), canModerate);

  return (
    <>
      <h1>Insights</h1>
      <p className="muted" data-testid="insights-context">
        {range} · days in {filters.timezone} · scores from model <strong>{model}</strong> · a comment counts as uncivil at 50% or
        more · pingbacks and trackbacks left out
      </p>
      <FilterForm filters={filters} segments={data.segments} models={data.models} />
      {filters.unknownModel && (
        <p className="notice-box" role="status" data-testid="unknown-model">
          No comment has scores from model “{filters.unknownModel}”, so the score figures are empty. Pick a model from the list.
        </p>
      )}
      {filters.unknownSources.length > 0 && (
        <p className="notice-box" role="status" data-testid="unknown-sources">
          No source is called {filters.unknownSources.map((k) => `“${k}”`).join(", ")}: {filters.sourceIds?.length ? "the figures cover the other sources chosen" : "nothing matches, so the figures are empty"}.
          Pick sources from the list.
        </p>
      )}

      {coverage.empty ? (
        <p className="empty" data-testid="insights-empty">
          No comments between {formatDate(filters.from)} and {formatDate(filters.to)}
          {filters.sourceKeys.length || filters.sections ? " with these sources and sections" : ""}. Pick a wider range
          {filters.sourceKeys.length || filters.sections ? " or fewer filters" : ""}, or import comments for these dates.
        </p>
      ) : (
        <>
          {coverage.unscored > 0 && (
            <p className="notice-box" role="status" data-testid="insights-partial">
              {coverage.unscored.toLocaleString("en")} of {overview.current.comments.toLocaleString("en")} comments in this range
              have no score from {model} yet: sentiment, incivility and word charts cover only the{" "}
              {overview.current.scored.toLocaleString("en")} scored ones. Scoring may still be running, or these comments were
              scored by another model version.
            </p>
          )}
          <FigureCards current={overview.current} previous={overview.previous} previousLabel={`${formatDate(filters.previous.from)} – ${formatDate(filters.previous.to)}`} />

          <section className="panel" aria-labelledby="trend-title">
            <h2 id="trend-title">Comments, sentiment and incivility per {filters.bucket}</h2>
            <p className="muted small">
              Click a bar (or a period in the data table) to open its comments {drillTarget(drillOf(filters.from, filters.to), canModerate)}.
              {data.series.some((p) => p.partial) ? ` The first or last ${filters.bucket} holds only the days inside the range.` : ""}
            </p>
            {filters.bucketAsked && (
              <p className="notice-box" role="status" data-testid="bucket-note">
                Shown per {filters.bucket}: the range holds more than {MAX_PERIODS} {filters.bucketAsked}s, too many to draw. Narrow it
                to see it per {filters.bucketAsked}.
              </p>
            )}
            <SeriesTrend series={data.series} hrefOf={(p) => drill(p.from, p.to)} />
          </section>

          <div className="grid2">
            <section className="panel" aria-labelledby="hist-title">
              <h2 id="hist-title">Distribution of sentiment</h2>
              {data.histogram.some((b) => b.comments > 0) ? (
                <>
                  <SentimentHistogram data={data.histogram.map((b) => ({ label: b.low.toFixed(1), comments: b.comments, low: b.low }))} />
                  <ChartTable
                    headers={["Sentiment from", "Comments"]}
                    rows={data.histogram.map((b) => [b.low.toFixed(1), b.comments.toLocaleString("en")])}
                  />
                </>
              ) : (
                <p className="muted">No sentiment scores for this model version in this range.</p>
              )}
            </section>
            <section className="panel" aria-labelledby="attr-title">
              <h2 id="attr-title">Kinds of incivility</h2>
              {data.attributes.length === 0 ? (
                <p className="muted">No attribute scores for this model version in this range.</p>
              ) : (
                <AttributeChart
                  data={data.attributes.map((a) => ({
                    label: a.label,
                    share: a.share,
                    present: a.present,
                    href: drill(filters.from, filters.to, { attribute: a.attribute }),
                  }))}
                />
              )}
              <p className="muted small">
                Share of scored comments scoring 50% or more on each attribute. Click a bar (or a kind in the data table) for those comments{" "}
                {drillTarget(drillOf(filters.from, filters.to, { attribute: "insult" }), canModerate)}.
              </p>
              {data.attributes.length > 0 && (
                <details>
                  <summary>Data table</summary>
                  <TableScroll>
                    <table>
                      <thead>
                        <tr><th scope="col">Kind</th><th scope="col">Comments</th><th scope="col">Share</th></tr>
                      </thead>
                      <tbody>
                        {data.attributes.map((a) => (
                          <tr key={a.attribute}>
                            <td><a href={drill(filters.from, filters.to, { attribute: a.attribute })}>{a.label}</a></td>
                            <td>{a.present}</td>
                            <td>{`${(a.share * 100).toFixed(1)}%`}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </TableScroll>
                </details>
              )}
            </section>
          </div>

          <h2>Article heat board</h2>
          <p className="muted small">Negativity and incivility rank threads with at least {MIN_SCORED_TO_RANK} scored comments in the range.</p>
          <HeatBoardTables heat={data.heat} canModerate={canModerate} filters={filters} />

          <h2>Commenters</h2>
          <CommenterTables board={data.commenters} filters={filters} canModerate={canModerate} />

          <h2>Words that go with negative and uncivil comments</h2>
          <div className="grid2" data-testid="words">
            <section className="panel">
              <h3>Negative comments ({data.words.negativeComments.toLocaleString("en")})</h3>
              <WordList words={data.words.negative} className="negative" empty="Too few negative comments in this range to tell." />
            </section>
            <section className="panel">
              <h3>Uncivil comments ({data.words.uncivilComments.toLocaleString("en")})</h3>
              <WordList words={data.words.uncivil} className="uncivil" empty="Too few uncivil comments in this range to tell." />
            </section>
          </div>
          <p className="muted small">
            Ranked by how much more often a comment of the kind contains the word than the other comments do (log odds ratio, z-score);
            words in fewer than three such comments and common words are left out.
          </p>
        </>
      )}

      <h2>Moderator workload</h2>
      <div className="grid2">
        <section className="panel" aria-labelledby="decisions-title">
          <h3 id="decisions-title">Decisions per {filters.bucket}</h3>
          <p className="muted small">
            {plural(data.workload.decisions, "decision")} in the range · median time from comment to decision:{" "}
            <strong data-testid="median-band">{data.workload.medianBand ?? "no decisions"}</strong>
          </p>
          <WorkloadChart data={data.workload.series} />
          <ChartTable
            headers={[filters.bucket === "day" ? "Day" : filters.bucket === "week" ? "Week" : "Month", "Approved", "Rejected", "Escalated", "Restored", "Entered the queue"]}
            rows={data.workload.series.map((p) => [p.label, p.approve, p.reject, p.escalate, p.restore, p.enteredQueue])}
          />
        </section>
        <section className="panel" aria-labelledby="backlog-title">
          <h3 id="backlog-title">Queue backlog now: {data.workload.backlog.toLocaleString("en")}</h3>
          <p className="muted small">Comments waiting for review (flagged or escalated), by how long ago they were posted.</p>
          <CountChart data={data.workload.backlogByAge.map((b) => ({ label: b.label, value: b.comments }))} name="Waiting" label="Queue backlog by age" testId="backlog-chart" />
          <ChartTable headers={["Posted", "Waiting"]} rows={data.workload.backlogByAge.map((b) => [b.label, b.comments])} />
          <h3>Time from comment to decision</h3>
          <CountChart
            data={data.workload.latency.map((b) => ({ label: b.label, value: b.decisions }))}
            name="Decisions"
            label="Decisions by time from comment to decision"
            testId="latency-chart"
          />
          <ChartTable headers={["Time to decision", "Decisions"]} rows={data.workload.latency.map((b) => [b.label, b.decisions])} />
        </section>
      </div>

      {can(user.role, "administer") && (
        <section className="panel">
          <TimezoneForm current={filters.timezone} />
        </section>
      )}
    </>
  );
}
