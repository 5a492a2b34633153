"use client";

import type { QueueItem } from "@/lib/moderation/queue";
import { DECIDES_FROM, DECISION_ACTIONS, PRIORITY_WEIGHTS, type DecisionAction } from "@/lib/moderation/constants";
import { evidenceLabels, HighlightedText } from "./highlighted-text";
import { when } from "../../_lib/when";
import { commentLink } from "../../_lib/comment-link";
import { reasonLabel } from "../../_lib/reason-label";

export type ItemAction = DecisionAction;

/** "Approved the comment by …": what a decision did, for the outcome line. */
export const PAST: Record<ItemAction, string> = { approve: "Approved", reject: "Rejected", escalate: "Escalated", restore: "Restored" };

const percent = (v: number) => `${Math.round(v * 100)}%`;

/** The decisions a comment in this state takes (the server's rule): its buttons, and the shortcuts that press them. */
export function allowedActions(item: Pick<QueueItem, "modStatus">): ItemAction[] {
  return DECISION_ACTIONS.filter((a) => (DECIDES_FROM[a] as readonly string[]).includes(item.modStatus));
}

/**
 * After a refused decision (409), the state the comment is in now, so its card shows what it takes now
 * and, when a re-import changed its text, that text (a second try would decide it); null when the
 * refusal carried none.
 */
export function stateAfterConflict(
  current: unknown,
  shownBody: string,
): { state: { modStatus: string; modVersion: number; body?: string }; textChanged: boolean } | null {
  const now = current as { modStatus?: unknown; modVersion?: unknown; body?: unknown } | undefined;
  if (typeof now?.modStatus !== "string" || typeof now.modVersion !== "number") return null;
  const body = typeof now.body === "string" ? now.body : undefined;
  return { state: { modStatus: now.modStatus, modVersion: now.modVersion, ...(body !== undefined ? { body } : {}) }, textChanged: body !== undefined && body !== shownBody };
}

/** Said after a refused decision whose comment's text changed meanwhile. */
export const TEXT_CHANGED = " Its text changed since this page was loaded: read it again before deciding.";


/** Why the item is where it is: the parts of its priority. */
function breakdown(item: QueueItem): string {
  const waiting = PRIORITY_WEIGHTS.perDayWaiting * item.breakdown.waitingDays;
  const context = item.priority - item.breakdown.incivility - item.breakdown.severity - waiting;
  return [
    `incivility ${item.breakdown.incivility.toFixed(2)}`,
    `severity ${item.breakdown.severity.toFixed(2)}`,
    `thread heat + history ${Math.max(0, context).toFixed(2)}`,
    `waiting ${waiting.toFixed(2)} (${item.breakdown.waitingDays.toFixed(1)} d)`,
  ].join(" + ");
}

export function QueueItemCard({
  item,
  current,
  selected,
  busy,
  onSelect,
  onFocus,
  onAction,
  timeZone,
}: {
  item: QueueItem;
  /** The newsroom's: every page shows times in it. */
  timeZone: string;
  current: boolean;
  selected: boolean;
  busy: boolean;
  onSelect: () => void;
  onFocus: () => void;
  onAction: (action: ItemAction) => void;
}) {
  const actions = allowedActions(item);
  // Fifty cards each have an "Approve": screen readers hear whose comment each one decides.
  // The visible label comes first, whole, so speech input can still say "Approve".
  const whose = <span className="sr-only">, the comment by {item.authorName}</span>;
  // Undecided or escalated: decide it here (an escalated comment's "send back" stays in the thread view).
  const open = actions.includes("approve");
  // Only the queue's comments are ranked; another comment's stored key means nothing.
  const ranked = item.modStatus === "flagged" || item.modStatus === "escalated";
  return (
    // Focus anywhere in the card (Tab to its buttons, its checkbox) makes it the current one.
    // Focusable from script (j / k move focus here, so screen readers follow), not a Tab stop of its own.
    // Named by who wrote it and what it says: focused by j / k, it is read as that, not as every control in it.
    <li
      className="queue-item"
      tabIndex={-1}
      aria-current={current ? "true" : undefined}
      aria-labelledby={`qi-author-${item.id} qi-body-${item.id}`}
      data-comment-id={item.id}
      onClick={onFocus}
      onFocus={onFocus}
    >
      <header>
        <input type="checkbox" checked={selected} onChange={onSelect} aria-label={`Select the comment by ${item.authorName}`} />
        {item.commenterId ? (
          <a className="author" id={`qi-author-${item.id}`} href={`/commenters/${item.commenterId}`}>
            {item.authorName}
          </a>
        ) : (
          <span className="author" id={`qi-author-${item.id}`}>{item.authorName}</span>
        )}
        <span>
          on <a href={commentLink(item.thread.id, item.id)}>“{item.thread.title}”</a>
        </span>
        <time dateTime={item.postedAt} suppressHydrationWarning>{when(item.postedAt, timeZone)}</time>
        <span className="status">{item.modStatus}</span>
        {item.sourceStatus !== "visible" && <span className="status">source: {item.sourceStatus}</span>}
        {item.score && (
          <span className={`score ${item.score.incivility >= 0.5 ? "high" : ""}`}>incivility {percent(item.score.incivility)}</span>
        )}
        {ranked && <span className="muted">priority {item.priority.toFixed(2)}</span>}
      </header>
      <p className="body" id={`qi-body-${item.id}`}>{item.score ? <HighlightedText text={item.body} spans={item.score.spans} /> : item.body}</p>
      <div className="chips" role="group" aria-label="Why it is here">
        {item.flagReasons.map((r) => (
          <span className="chip reason" key={r}>
            {reasonLabel(r)}
          </span>
        ))}
        {evidenceLabels(item.body, item.score?.spans ?? []).map((t) => (
          <span className="chip" key={t}>
            {t}
          </span>
        ))}
        {item.escalationNote && <span className="chip reason">escalated: “{item.escalationNote}”</span>}
        {item.thread.claimedBy && <span className="chip">thread claimed by {item.thread.claimedBy}</span>}
        {item.thread.premoderated && <span className="chip">thread pre-moderated</span>}
      </div>
      {ranked && <p className="muted small">Priority: {breakdown(item)}</p>}
      <div className="actions">
        {open ? (
          <>
            <button className="btn approve" disabled={busy} onClick={() => onAction("approve")}>
              Approve{whose}
            </button>
            <button className="btn reject" disabled={busy} onClick={() => onAction("reject")}>
              Reject…{whose}
            </button>
            {actions.includes("escalate") && (
              <button className="btn" disabled={busy} onClick={() => onAction("escalate")}>
                Escalate…{whose}
              </button>
            )}
          </>
        ) : (
          <button className="btn" disabled={busy} onClick={() => onAction("restore")}>
            Restore to queue{whose}
          </button>
        )}
      </div>
    </li>
  );
}
