import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/guard";
import { can } from "@/lib/auth/roles";
import { describeFilterProblems } from "@/lib/errors";
import { formatDate } from "@/lib/analytics/dates";
import { listModelVersions } from "@/lib/analytics/models";
import {
  LARGE_REPORT_ROWS, RECENT_EXPORTS, listReportChoices, listReportExports, previewReport, reportFiltersFromSearch, reportSearch, usableReportFilters, type ReportFilters,
} from "@/lib/reports";
import { BackgroundExports } from "./_components/background-exports";
import { BuilderForm, REPORT_FORM_ID } from "./_components/builder-form";
import { StaleFiltersProvider, WhileFiltersCurrent } from "./_components/stale-filters";
import "../insights/_components/insights.css";
import { TableScroll } from "../_components/table-scroll";
import { when } from "../_lib/when";
import { newsroomZone } from "../_lib/zone";
import { shorten } from "../_lib/shorten";
import { plural } from "../_lib/plural";

export const metadata: Metadata = { title: "Exports" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const pct = (v: number | null) => (v === null ? "–" : `${(v * 100).toFixed(1)}%`);

/** The preview's note on comments the chosen model has not scored, singular or plural. */
const unscoredNote = (n: number, model: string) =>
  `${plural(n, "comment")} ${n === 1 ? "has" : "have"} no score from ${model} yet; ${n === 1 ? "its" : "their"} score columns will be empty.`;

export default async function ExportsPage({ searchParams }: Props) {
  const user = await requirePageUser("export", "/exports", await searchParams);
  const search = await searchParams;
  let filters: ReportFilters;
  let problem: string | null = null;
  try {
    filters = reportFiltersFromSearch(search);
  } catch (err) {
    problem = describeFilterProblems(err);
    // The form keeps what it can use and the dates as typed, so they can be corrected where they were entered.
    filters = usableReportFilters(search);
  }
  const [choices, models, jobs, timeZone] = await Promise.all([listReportChoices({ threads: filters.thread.map(Number) }), listModelVersions(), listReportExports(user), newsroomZone()]);
  const wantsPreview = !problem && search.preview === "1";
  const preview = wantsPreview ? await previewReport(filters) : null;
  const large = !!preview && preview.rows > LARGE_REPORT_ROWS;
  const link = (format: "csv" | "jsonl" | "pdf", bom = false) => `/api/export?${reportSearch({ format, bom, filters })}`;

  return (
    <>
      <h1>Exports</h1>
      <p className="muted">
        Pick what goes in the report, preview it, then download it as CSV (one row per comment), JSON lines (the same records,
        nested) or a PDF summary to send on. Downloads stream, so large exports start at once. Every download is logged.
      </p>
      {problem && (
        <p className="error" role="alert">
          These filters cannot be used: {problem}. Correct them below; nothing is offered for download until then.
        </p>
      )}
      <StaleFiltersProvider formId={REPORT_FORM_ID}>
      <BuilderForm filters={filters} choices={choices} models={models} canModerate={can(user.role, "moderate")} />

      {!problem && (
      <section className="panel" aria-labelledby="download-title">
        <h2 id="download-title">{preview ? "Download this report" : "Download all comments"}</h2>
        {preview && (
          <p data-testid="preview-count">
            <strong>{preview.rows.toLocaleString("en")}</strong> {preview.rows === 1 ? "comment matches" : "comments match"}
            {preview.figures.first
              ? `, posted ${formatDate(preview.figures.first)} – ${formatDate(preview.figures.last!)} (${preview.timezone})`
              : ""}
            .
          </p>
        )}
        {large && (
          <p className="muted" data-testid="large-report">
            That is more than {LARGE_REPORT_ROWS.toLocaleString("en")} rows: a direct download runs for as long as the whole
            export takes and stops if the connection drops. Export it in the background below instead.
          </p>
        )}
        <WhileFiltersCurrent>
        <p style={{ display: "flex", gap: "0.5rem", flexWrap: "wrap" }}>
          <a className="btn primary" href={link("csv")} download>
            Download CSV
          </a>
          <a className="btn" href={link("csv", true)} download>
            CSV for Excel (with BOM)
          </a>
          <a className="btn" href={link("jsonl")} download>
            Download JSON lines
          </a>
          <a className="btn" href={link("pdf")} download>
            Download PDF report
          </a>
        </p>
        </WhileFiltersCurrent>
        <p className="muted small">
          API: <code>GET /api/v1/reports?{reportSearch({ format: "csv", filters })}</code> with <code>Authorization: Bearer …</code>. Columns are listed in the README.
        </p>
      </section>
      )}

      {!problem && <BackgroundExports filters={filters} large={large} initialJobs={jobs} timeZone={timeZone} listed={RECENT_EXPORTS} />}
      </StaleFiltersProvider>

      {preview && preview.rows === 0 && (
        <p className="empty" data-testid="preview-empty">
          No comment matches these filters. Widen the dates or untick some boxes; an export now would hold only the header row.
        </p>
      )}
      {preview && preview.rows > 0 && (
        <section className="panel" aria-labelledby="preview-title" data-testid="preview">
          <h2 id="preview-title">Preview</h2>
          <div className="figures">
            <div className="figure"><div className="figure-label">Comments (pingbacks left out)</div><div className="figure-value">{preview.figures.comments.toLocaleString("en")}</div></div>
            <div className="figure"><div className="figure-label">Average sentiment</div><div className="figure-value">{preview.figures.avgSentiment?.toFixed(2) ?? "–"}</div></div>
            <div className="figure"><div className="figure-label">Uncivil</div><div className="figure-value">{pct(preview.figures.uncivilShare)}</div></div>
            <div className="figure"><div className="figure-label">Removed</div><div className="figure-value">{preview.figures.removed.toLocaleString("en")}</div></div>
          </div>
          {preview.figures.comments > preview.figures.scored && (
            <p className="notice-box" role="status">
              {unscoredNote(preview.figures.comments - preview.figures.scored, preview.model)}
            </p>
          )}
          <h3>First {plural(preview.sample.length, "row")}</h3>
          <div style={{ overflowX: "auto" }}>
            <TableScroll>
              <table aria-label="Preview rows">
                <thead>
                  <tr><th scope="col">Posted</th><th scope="col">Thread</th><th scope="col">Author</th><th scope="col">Comment</th><th scope="col">Sentiment</th><th scope="col">Incivility</th><th scope="col">Status</th></tr>
                </thead>
                <tbody>
                  {preview.sample.map((r) => (
                    <tr key={`${r.thread.source}/${r.sourceId}`}>
                      <td>{when(r.postedAt, timeZone)}</td>
                      <td>{r.thread.title}</td>
                      <td>{r.author}</td>
                      <td className="preview-body">{shorten(r.body, 161)}</td>
                      <td>{r.sentiment.score === null ? "–" : r.sentiment.score.toFixed(2)}</td>
                      <td>{r.incivility.score === null ? "–" : `${Math.round(r.incivility.score * 100)}%`}</td>
                      <td>{r.moderation.status === "none" ? "not flagged" : r.moderation.status}{r.moderation.reason ? ` (${r.moderation.reason})` : ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </div>
        </section>
      )}
    </>
  );
}
