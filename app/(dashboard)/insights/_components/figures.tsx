import type { Figures } from "@/lib/analytics/overview";

type Kind = "count" | "share" | "score";

function show(value: number | null, kind: Kind): string {
  if (value === null) return "–";
  if (kind === "share") return `${(value * 100).toFixed(1)}%`;
  if (kind === "score") return value.toFixed(2);
  return value >= 100 ? Math.round(value).toLocaleString("en") : value.toFixed(1).replace(/\.0$/, "");
}

/** The change against the previous period: percent for counts, points for shares, plain for scores. */
function change(now: number | null, before: number | null, kind: Kind): string {
  if (now === null || before === null) return "no earlier data";
  if (kind === "count") {
    if (before === 0) return now === 0 ? "no change" : "new";
    const pct = ((now - before) / before) * 100;
    return `${pct >= 0 ? "+" : "−"}${Math.abs(pct).toFixed(0)}%`;
  }
  const diff = kind === "share" ? (now - before) * 100 : now - before;
  const text = kind === "share" ? `${Math.abs(diff).toFixed(1)} pts` : Math.abs(diff).toFixed(2);
  // A change too small to show in the digits shown is no change ("−0.00" would say there was one).
  return Number(text.split(" ")[0]) === 0 ? "no change" : `${diff > 0 ? "+" : "−"}${text}`;
}

const CARDS: { key: keyof Figures; label: string; kind: Kind; hint: string }[] = [
  { key: "commentsPerDay", label: "Comments per day", kind: "count", hint: "comments" },
  { key: "avgSentiment", label: "Average sentiment", kind: "score", hint: "from −1 to 1" },
  { key: "uncivilShare", label: "Uncivil", kind: "share", hint: "incivility 50% or more" },
  { key: "removedShare", label: "Removed", kind: "share", hint: "rejected, or deleted / spam at the source" },
];

/**
 * Key figures of the range with their change against the period just before it, whose dates
 * are said once under the cards (for March that is 29 Jan – 28 Feb, not February).
 */
export function FigureCards({ current, previous, previousLabel }: { current: Figures; previous: Figures; previousLabel: string }) {
  return (
    <section aria-label="Key figures" className="figures">
      {CARDS.map((card) => (
        <div key={card.key} className="figure panel" data-testid={`figure-${card.key}`}>
          <div className="figure-label">{card.label}</div>
          <div className="figure-value">{show(current[card.key] as number | null, card.kind)}</div>
          <div className="muted figure-change">
            {change(current[card.key] as number | null, previous.comments ? (previous[card.key] as number | null) : null, card.kind)} vs previous period
          </div>
          <div className="muted figure-hint">
            {card.key === "commentsPerDay" ? `${current.comments.toLocaleString("en")} in all` : card.hint}
          </div>
        </div>
      ))}
      <p className="muted small figures-note">Previous period: {previousLabel}, the same number of days just before the range.</p>
    </section>
  );
}
