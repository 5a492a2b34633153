import Link from "next/link";
import { ATTRIBUTES } from "@/lib/scoring/types";
import type { QueueFilter } from "@/lib/moderation/queue";

const ATTRIBUTE_LABELS: Record<(typeof ATTRIBUTES)[number], string> = {
  insult: "insult", profanity: "profanity", threat: "threat", identityAttack: "identity attack", hostility: "hostility", shouting: "shouting",
};
const percent = (v: number | undefined) => (v === undefined ? "" : String(Math.round(v * 1000) / 10));

const REASONS = ["over threshold", "pending at source", "suspect term", "banned term", "thread pre-moderated", "threat", "identity attack", "insult"];

/** A plain GET form: filters live in the URL, so views can be bookmarked and shared. */
export function FilterBar({ filter, sources }: { filter: QueueFilter; sources: { key: string; name: string }[] }) {
  const active = Object.entries(filter).filter(([k, v]) => k !== "status" && v !== undefined).length;
  return (
    <form className="filters" method="get" aria-label="Filter the queue">
      <input type="hidden" name="status" value={filter.status} />
      {filter.thread && <input type="hidden" name="thread" value={filter.thread} />}
      {filter.commenter && <input type="hidden" name="commenter" value={filter.commenter} />}
      <label>
        Source
        <select name="source" defaultValue={filter.source ?? ""}>
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
        <input name="author" defaultValue={filter.author ?? ""} size={12} />
      </label>
      <label>
        Comment contains
        <input name="text" type="search" defaultValue={filter.text ?? ""} size={14} />
      </label>
      <label>
        Attribute
        <select name="attribute" defaultValue={filter.attribute ?? ""}>
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
        <input name="minPct" type="number" min={0} max={100} step="any" defaultValue={percent(filter.min)} />
      </label>
      <label>
        Incivility to (%)
        <input name="maxPct" type="number" min={0} max={100} step="any" defaultValue={percent(filter.max)} />
      </label>
      <label>
        Posted from
        <input name="from" type="date" defaultValue={filter.from ?? ""} />
      </label>
      <label>
        Posted to
        <input name="to" type="date" defaultValue={filter.to ?? ""} />
      </label>
      <label>
        Flag reason
        <input name="reason" list="flag-reasons" defaultValue={filter.reason ?? ""} size={14} />
        <datalist id="flag-reasons">
          {REASONS.map((r) => (
            <option key={r} value={r} />
          ))}
        </datalist>
      </label>
      <button className="btn" type="submit">
        Apply
      </button>
      {active > 0 && <Link href={`/queue?status=${filter.status}`}>Clear filters ({active})</Link>}
    </form>
  );
}
