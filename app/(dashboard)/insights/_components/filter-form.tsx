import type { InsightsFilters } from "@/lib/analytics/filters";
import type { ModelOption } from "@/lib/analytics/models";
import type { Segments } from "@/lib/analytics/models";

/** Range, sources, sections, bucket and model version: a plain GET form, so every view has a URL. */
export function FilterForm({ filters, segments, models }: { filters: InsightsFilters; segments: Segments; models: ModelOption[] }) {
  const model = `${filters.model.name}@${filters.model.version}`;
  return (
    <form method="get" className="panel filters" aria-label="Filters">
      <label>
        From
        <input type="date" name="from" defaultValue={filters.from} required />
      </label>
      <label>
        To
        <input type="date" name="to" defaultValue={filters.to} required />
      </label>
      <label>
        Sources
        <select name="source" multiple defaultValue={filters.sourceKeys} size={Math.min(4, Math.max(2, segments.sources.length))}>
          {segments.sources.map((s) => (
            <option key={s.key} value={s.key}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Sections
        <select name="section" multiple defaultValue={filters.sections ?? []} size={Math.min(4, Math.max(2, segments.sections.length))}>
          {segments.sections.map((s) => (
            <option key={s} value={s}>
              {s || "(no section)"}
            </option>
          ))}
        </select>
      </label>
      <label>
        Per
        {/* Automatic unless chosen: a range changed later gets the bucket that fits it, not the last one's. */}
        <select name="bucket" defaultValue={filters.bucketChosen ? filters.bucket : ""}>
          <option value="">{filters.bucketChosen ? "automatic" : `automatic (${filters.bucket})`}</option>
          <option value="day">day</option>
          <option value="week">week</option>
          <option value="month">month</option>
        </select>
      </label>
      <label>
        Scores from
        <select name="model" defaultValue={model}>
          {models.map((m) => (
            <option key={`${m.name}@${m.version}`} value={`${m.name}@${m.version}`}>
              {m.name} {m.version}
              {m.active ? " (active)" : ""} · {m.scored.toLocaleString("en")} scored
            </option>
          ))}
        </select>
      </label>
      <div className="filter-actions">
        <button className="btn primary" type="submit">
          Apply
        </button>
        <a className="btn" href="/insights">
          Reset
        </a>
      </div>
      <p className="muted hint">Hold Ctrl (⌘ on a Mac) to pick several sources or sections; none picked means all.</p>
    </form>
  );
}
