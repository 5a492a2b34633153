import { ATTRIBUTE_LABELS } from "@/lib/scoring/types";
import type { ModelOption } from "@/lib/analytics/models";
import { COMMENT_KINDS, MOD_STATUSES, SOURCE_STATUSES, type ReportFilters } from "@/lib/reports/filters";

type Choices = {
  sources: { key: string; name: string }[];
  threads: { id: number; title: string; source: string }[];
  sections: string[];
  attributes: readonly string[];
};

function Checks({ legend, name, options, chosen }: { legend: string; name: string; options: { value: string; label: string }[]; chosen: string[] }) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value}>
          <input type="checkbox" name={name} value={o.value} defaultChecked={chosen.includes(o.value)} />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

export const REPORT_FORM_ID = "report-filters";

/**
 * The report builder: a GET form, so a preview and its downloads share one URL. `canModerate`
 * picks the way to an older thread the hint gives: moderators see thread numbers, others get
 * Insights' links to a thread's comments here.
 */
export function BuilderForm({ filters, choices, models, canModerate }: { filters: ReportFilters; choices: Choices; models: ModelOption[]; canModerate: boolean }) {
  return (
    <form method="get" id={REPORT_FORM_ID} className="panel filters" aria-label="Report filters">
      <input type="hidden" name="preview" value="1" />
      <label>
        From
        <input type="date" name="from" defaultValue={filters.from ?? ""} />
      </label>
      <label>
        To
        <input type="date" name="to" defaultValue={filters.to ?? ""} />
      </label>
      <Checks legend="Sources" name="source" options={choices.sources.map((s) => ({ value: s.key, label: s.name }))} chosen={filters.source} />
      <div>
        <label>
          Threads
          <select name="thread" multiple size={5} defaultValue={filters.thread.map(String)} className="wide-select" aria-describedby="thread-choices-hint">
            {choices.threads.map((t) => (
              <option key={t.id} value={t.id}>
                {t.title} ({t.source})
              </option>
            ))}
          </select>
        </label>
        {/* 300: the limit of listReportChoices, which also keeps any thread the address names. */}
        <p id="thread-choices-hint" className="muted small field-hint">
          Only the 300 threads most recently imported or changed are listed.{" "}
          {canModerate
            ? "For an older one, open this page as /exports?thread= followed by its number (the one in its own address, /threads/…); it then stays listed."
            : "For an older one, follow “comments” under it in an Insights article table; it then stays listed here."}
        </p>
      </div>
      <Checks legend="Moderation status" name="status" options={MOD_STATUSES.map((s) => ({ value: s, label: s === "none" ? "not flagged" : s }))} chosen={filters.status} />
      <Checks legend="Status at the source" name="sourceStatus" options={SOURCE_STATUSES.map((s) => ({ value: s, label: s }))} chosen={filters.sourceStatus} />
      {choices.sections.length > 1 || filters.section.length ? (
        <Checks
          legend="Sections"
          name="section"
          // A section asked for in the URL stays a choice even when no thread has it any more.
          options={[...new Set([...choices.sections, ...filters.section])].map((s) => ({ value: s, label: s || "no section" }))}
          chosen={filters.section}
        />
      ) : null}
      <Checks legend="Kind" name="kind" options={COMMENT_KINDS.map((k) => ({ value: k, label: `${k}s` }))} chosen={filters.kind} />
      <Checks
        legend="Attributes (score 50% or more)"
        name="attribute"
        options={choices.attributes.map((a) => ({ value: a, label: ATTRIBUTE_LABELS[a] ?? a }))}
        chosen={filters.attribute}
      />
      <label>
        Scores from
        <select name="model" defaultValue={filters.model ?? ""}>
          <option value="">the active model</option>
          {models.map((m) => (
            <option key={`${m.name}@${m.version}`} value={`${m.name}@${m.version}`}>
              {m.name} {m.version}
            </option>
          ))}
          {/* A model the URL names that no score has stays chosen, rather than turning into the active one. */}
          {filters.model && !models.some((m) => `${m.name}@${m.version}` === filters.model) && (
            <option value={filters.model}>{filters.model.replace("@", " ")} (no scores)</option>
          )}
        </select>
      </label>
      <div className="filter-actions">
        <button className="btn primary" type="submit">
          Preview
        </button>
        <a className="btn" href="/exports">
          Clear
        </a>
      </div>
      <p className="muted hint">Dates are newsroom days, both included; leave them empty for everything. Nothing ticked means no restriction.</p>
    </form>
  );
}
