"use client";

import { useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { ThreadComment } from "@/lib/moderation/threads";
import { decideAction } from "../../../queue/actions";
import { evidenceLabels, HighlightedText } from "../../../queue/_components/highlighted-text";
import { when } from "../../../_lib/when";
import { statusClass, useSaid } from "../../../_lib/use-said";
import { reasonLabel } from "../../../_lib/reason-label";
import { allowedActions, PAST, stateAfterConflict, TEXT_CHANGED, type ItemAction as Action } from "../../../queue/_components/queue-item";
import { NoteDialog } from "../../../queue/_components/note-dialog";
import { ReasonDialog, type Reason } from "../../../queue/_components/reason-dialog";
import { useStatusMoves } from "../../../_components/live-counts";


export function ThreadTree({ comments: initial, timeZone }: { comments: ThreadComment[]; timeZone: string }) {
  const [comments, setComments] = useState(initial);
  const [message, say] = useSaid();
  const countMoves = useStatusMoves();
  // Also shown beside the comment itself: in a long thread the status line at the top is out of sight.
  const [outcomes, setOutcomes] = useState<Map<number, { text: string; error: boolean }>>(new Map());
  const report = (id: number, text: string, error: boolean) => {
    say(text);
    setOutcomes((all) => new Map(all).set(id, { text, error }));
  };
  const [rejecting, setRejecting] = useState<ThreadComment | null>(null);
  const [escalating, setEscalating] = useState<ThreadComment | null>(null);
  const byId = new Map(comments.map((c) => [c.id, c]));
  const [focusId, setFocusId] = useState<number | null>(null);
  // Comments with a decision on its way: their buttons wait, so a double click sends one decision.
  const [pending, setPending] = useState<ReadonlySet<number>>(new Set());
  useEffect(() => {
    if (focusId === null) return;
    document.getElementById(`comment-${focusId}`)?.focus({ preventScroll: true });
    setFocusId(null);
  }, [focusId]);

  // Opened at #comment-N (the queue's "t", the audit log's and a commenter's links): a client-side
  // navigation neither moves focus nor updates :target, so the comment takes focus, for screen readers
  // too, and is marked by hand. The router has scrolled to it already. Such a link also carries
  // ?comment=N, whose change is the only sign of a link followed to another comment of this page.
  const [opened, setOpened] = useState<number | null>(null);
  const tree = useRef<HTMLOListElement>(null);
  const asked = useSearchParams().get("comment");
  useEffect(() => {
    const open = () => {
      const id = /^#comment-(\d+)$/.exec(window.location.hash)?.[1];
      const article = id ? document.getElementById(`comment-${id}`) : null;
      if (!article || !tree.current?.contains(article)) return;
      setOpened(Number(id));
      article.focus({ preventScroll: true });
    };
    open();
    window.addEventListener("hashchange", open);
    return () => window.removeEventListener("hashchange", open);
  }, [asked]);

  async function decide(comment: ThreadComment, action: Action, reason?: Reason, note?: string) {
    if (pending.has(comment.id)) return;
    setPending((all) => new Set(all).add(comment.id));
    try {
      await send(comment, action, reason, note);
    } catch {
      setFocusId(comment.id);
      report(comment.id, "Not saved: the server could not be reached (or was updated meanwhile). Check the connection and reload the page.", true);
    } finally {
      setPending((all) => {
        const next = new Set(all);
        next.delete(comment.id);
        return next;
      });
    }
  }

  async function send(comment: ThreadComment, action: Action, reason?: Reason, note?: string) {
    const result = await decideAction({
      commentId: comment.id,
      decision: { action, reason, note, expectedVersion: comment.modVersion },
    });
    if (!result.ok) {
      // Someone else decided first: show the comment as it is now, so its buttons offer what it takes now.
      const now = stateAfterConflict(result.current, comment.body);
      // Someone else's decision moved it: the counts follow, as for one made here.
      if (now) countMoves([{ from: comment.modStatus, to: now.state.modStatus }]);
      // The evidence marks were for the old text.
      if (now) setComments((all) => all.map((c) => (c.id === comment.id ? { ...c, ...now.state, ...(now.textChanged ? { spans: [] } : {}) } : c)));
      setFocusId(comment.id);
      return report(comment.id, `Not saved: ${result.error}${now?.textChanged ? TEXT_CHANGED : ""}`, true);
    }
    countMoves([{ from: comment.modStatus, to: result.data.modStatus }]);
    const decided = { action, reason: action === "reject" ? (reason ?? "other") : null, note: note ?? null, by: "you", at: new Date().toISOString(), applied: true };
    setComments((all) =>
      all.map((c) =>
        c.id === comment.id ? { ...c, modStatus: result.data.modStatus, modVersion: result.data.modVersion, decisions: [...c.decisions, decided] } : c,
      ),
    );
    // The pressed button goes with the old state: focus the comment, whose new buttons come next in Tab order.
    setFocusId(comment.id);
    report(comment.id, `${PAST[action]} the comment by ${comment.authorName}.`, false);
  }

  return (
    <>
      <p role="status" aria-live="polite" className={statusClass(message)}>
        {message}
      </p>
      <h2 id="comments-title">Comments</h2>
      <ol className="tree" aria-labelledby="comments-title" ref={tree}>
        {comments.map((c) => {
          const parent = c.parentId ? byId.get(c.parentId) : undefined;
          const actions = allowedActions(c);
          const outcome = outcomes.get(c.id);
          const waiting = pending.has(c.id);
          // A long thread has many an "Approve": screen readers hear whose comment each one decides.
          // The visible label comes first, whole, so speech input can still say "Approve".
          const whose = <span className="sr-only">, the comment by {c.authorName}</span>;
          return (
            <li key={c.id} style={{ marginLeft: `${Math.min(c.depth, 8) * 1.5}rem` }}>
              {/* The nesting is drawn by indentation: said in words too, for screen readers. */}
              <article
                id={`comment-${c.id}`}
                tabIndex={-1}
                className={`comment ${c.modStatus}${c.id === opened ? " opened" : ""}`}
                aria-label={c.parentId ? `Reply, level ${c.depth + 1}, by ${c.authorName}` : `Comment by ${c.authorName}`}
              >
                <header className="muted small">
                  {c.commenterId ? <a href={`/commenters/${c.commenterId}`}>{c.authorName}</a> : <strong>{c.authorName}</strong>}{" "}
                  · <time dateTime={c.postedAt} suppressHydrationWarning>{when(c.postedAt, timeZone)}{c.postedAtEstimated ? " (estimated)" : ""}</time>
                  {c.parentId && (
                    <>
                      {/* A parent before the comments shown (a window of a long thread) is named as such. */}
                      {" "}· reply to {parent ? parent.authorName : "a comment not shown"}{" "}
                      {c.parentInferred && <span className="badge inferred" title="Inferred from an @mention, a quote or a name">inferred</span>}
                    </>
                  )}
                  {" "}· <span className="status">{c.modStatus === "none" ? "not flagged" : c.modStatus}</span>
                  {c.sourceStatus !== "visible" && <> · <span className="badge">source: {c.sourceStatus}</span></>}
                  {c.kind !== "comment" && <> · <span className="badge">{c.kind}</span></>}
                  {c.incivility !== null && <> · incivility {Math.round(c.incivility * 100)}%</>}
                </header>
                <p className="body">{c.body ? <HighlightedText text={c.body} spans={c.spans} /> : <em className="muted">(empty comment)</em>}</p>
                {(c.flagReasons.length > 0 || evidenceLabels(c.body, c.spans).length > 0) && (
                  // The marks' attributes in words, as the queue's cards give them.
                  <div className="chips" role="group" aria-label="Flag reasons and evidence">
                    {c.flagReasons.map((r) => (
                      <span key={r} className="chip reason">
                        {reasonLabel(r)}
                      </span>
                    ))}
                    {evidenceLabels(c.body, c.spans).map((t) => (
                      <span key={t} className="chip">
                        {t}
                      </span>
                    ))}
                  </div>
                )}
                {c.decisions.filter((d) => d.by).length > 0 && (
                  <ul className="muted small">
                    {c.decisions
                      .filter((d) => d.by)
                      .map((d, i) => (
                        <li key={i}>
                          {d.action}
                          {d.reason ? ` (${d.reason})` : ""} by {d.by} on {when(d.at, timeZone)}
                          {d.note ? `: “${d.note}”` : ""}
                          {d.applied ? "" : " — refused, the comment had changed"}
                        </li>
                      ))}
                  </ul>
                )}
                <div className="actions">
                  {/* The same decisions the queue's card offers for this state. */}
                  {actions.includes("approve") && <button className="btn approve small" disabled={waiting} onClick={() => void decide(c, "approve")}>Approve{whose}</button>}
                  {actions.includes("reject") && <button className="btn reject small" disabled={waiting} onClick={() => setRejecting(c)}>Reject…{whose}</button>}
                  {actions.includes("escalate") && <button className="btn small" disabled={waiting} onClick={() => setEscalating(c)}>Escalate…{whose}</button>}
                  {actions.includes("restore") && <button className="btn small" disabled={waiting} onClick={() => void decide(c, "restore")}>Restore to queue{whose}</button>}
                  {outcome && <span className={`small ${outcome.error ? "error" : "notice"}`}>{outcome.text}</span>}
                </div>
              </article>
            </li>
          );
        })}
      </ol>
      {escalating && (
        <NoteDialog
          title={`Escalate the comment by ${escalating.authorName}`}
          confirmLabel="Escalate"
          // Its buttons wait while the decision is on its way: focus goes to the comment, not the page's top.
          returnFocus={() => document.getElementById(`comment-${escalating.id}`)}
          onCancel={() => setEscalating(null)}
          onConfirm={(note) => {
            const target = escalating;
            setEscalating(null);
            void decide(target, "escalate", undefined, note);
          }}
        />
      )}
      {rejecting && (
        <ReasonDialog
          title={`Reject the comment by ${rejecting.authorName}`}
          returnFocus={() => document.getElementById(`comment-${rejecting.id}`)}
          onCancel={() => setRejecting(null)}
          onConfirm={(reason, note) => {
            const target = rejecting;
            setRejecting(null);
            void decide(target, "reject", reason, note);
          }}
        />
      )}
    </>
  );
}
