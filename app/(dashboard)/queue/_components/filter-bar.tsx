import { ATTRIBUTES } from "@/lib/scoring/types";
import type { QueueFilter } from "@/lib/moderation/queue";
import { TEXT_CHANGED_REASON } from "@/lib/moderation/constants";

const ATTRIBUTE_LABELS: Record<(typeof ATTRIBUTES)[number], string> = {
  insult: "insult", profanity: "profanity", threat: "threat", identityAttack: "identity attack", hostility: "hostility", shouting: "shouting",
};
const percent = (v: number | undefined) => (v === undefined ? "" : String(Math.round(v * 1000) / 10));

/** The page's "Not applied: …" alert, which says what is wrong with each field marked invalid. */
export const NOT_APPLIED_ID = "filters-not-applied";

const REASONS = [
  "over threshold", "pending at source", "suspect term", "banned term", "thread pre-moderated", TEXT_CHANGED_REASON, "back in the queue", "threat", "identity attack", "insult",
];

/** A plain GET form: filters live in the URL, so views can be bookmarked and shared. */
export function FilterBar({
  filter, sources, typed = {},
}: {
  filter: QueueFilter;
  sources: { key: string; name: string }[];
  /** Values the page could not use, shown again as typed so they can be corrected. */
  typed?: Record<string, string>;
}) {
  const active = Object.entries(filter).filter(([k, v]) => k !== "status" && v !== undefined).length + Object.keys(typed).length;
  const shown = (field: keyof QueueFilter, value: string | undefined) => typed[field] ?? value ?? "";
  const invalid = (field: keyof QueueFilter) => (field in typed ? { "aria-invalid": true, "aria-describedby": NOT_APPLIED_ID } : {});
  return (
    <form className="filters" method="get" aria-label="Filter the queue">
      <input type="hidden" name="status" value={filter.status} />
      {filter.thread && <input type="hidden" name="thread" value={filter.thread} />}
      {filter.commenter && <input type="hidden" name="commenter" value={filter.commenter} />}
      <label>
        Source
        <select name="source" defaultValue={shown("source", filter.source)}>
          <option value="">all</option>
          {sources.map((s) => (
            <option key={s.key} value={s.key}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Author
        <input name="author" defaultValue={shown("author", filter.author)} size={12} {...invalid("author")} />
      </label>
      <label>
        Comment contains
        <input name="text" type="search" defaultValue={shown("text", filter.text)} size={14} {...invalid("text")} />
      </label>
      <label>
        Attribute
        <select name="attribute" defaultValue={shown("attribute", filter.attribute)}>
          <option value="">any</option>
          {ATTRIBUTES.map((a) => (
            <option key={a} value={a}>
              {ATTRIBUTE_LABELS[a]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Incivility from (%)
        <input name="minPct" type="number" min={0} max={100} step="any" defaultValue={shown("min", percent(filter.min))} {...invalid("min")} />
      </label>
      <label>
        Incivility to (%)
        <input name="maxPct" type="number" min={0} max={100} step="any" defaultValue={shown("max", percent(filter.max))} {...invalid("max")} />
      </label>
      <label>
        Posted from
        <input name="from" type="date" defaultValue={shown("from", filter.from)} {...invalid("from")} />
      </label>
      <label>
        Posted to
        <input name="to" type="date" defaultValue={shown("to", filter.to)} {...invalid("to")} />
      </label>
      <label>
        Flag reason
        <input name="reason" list="flag-reasons" defaultValue={shown("reason", filter.reason)} size={14} {...invalid("reason")} />
        <datalist id="flag-reasons">
          {REASONS.map((r) => (
            <option key={r} value={r} />
          ))}
        </datalist>
      </label>
      <button className="btn" type="submit">
        Apply
      </button>
      {/* A page load, not a client link: a select keeps its old choice when only its default changes,
          and the next Apply would send the cleared filter again. */}
      {active > 0 && <a href={`/queue?status=${filter.status}`}>Clear filters ({active})</a>}
    </form>
  );
}
