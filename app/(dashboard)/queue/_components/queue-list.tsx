"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { statusClass, useSaid } from "../../_lib/use-said";
import { onToolbarKeys } from "../../_lib/toolbar-keys";
import { useCallback, useEffect, useRef, useState } from "react";
import type { QueueFilter, QueueItem } from "@/lib/moderation/queue";
import { REVIEW_STATUSES, STATUS_AFTER } from "@/lib/moderation/constants";
import { bulkDecideAction, countMatchingAction, decideAction } from "../actions";
import { Modal } from "./modal";
import { allowedActions, PAST, QueueItemCard, stateAfterConflict, TEXT_CHANGED, type ItemAction } from "./queue-item";
import { NoteDialog } from "./note-dialog";
import { ReasonDialog, type Reason } from "./reason-dialog";
import { ShortcutsDialog } from "./shortcuts-dialog";
import { commentLink } from "../../_lib/comment-link";
import { plural } from "../../_lib/plural";
import { useStatusMoves } from "../../_components/live-counts";

/** What a reject or escalate dialog decides on: the current comment, the selection, or all matching. */
type Scope = "current" | "selection" | "matching";
/** `id` names the comment a "current" dialog was opened on: the list may change under an open dialog. */
type Dialog =
  | { kind: "help" }
  | { kind: "reason"; scope: Scope; id?: number }
  | { kind: "escalate"; scope: Scope; id?: number }
  | { kind: "matching"; action: "approve" | "reject" | "escalate"; count: number };

const VERB: Record<ItemAction, string> = { approve: "Approve", reject: "Reject", escalate: "Escalate", restore: "Restore" };
/** Fields that take typed text: shortcuts are off there (a checkbox or a button is not one). */
const typing = (el: HTMLElement) =>
  el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable ||
  (el.tagName === "INPUT" && !["checkbox", "radio", "button", "submit", "reset"].includes((el as HTMLInputElement).type));
/** On the site's navigation (a nav outside the page's content, unlike the queue's tabs and pager) letters are not for the comments. */
const onSiteNavigation = (target: EventTarget | null) => target instanceof Element && !!target.closest("nav") && !target.closest("main");
const REVIEW = new Set<string>(REVIEW_STATUSES);
/** A queue page older than this when it first mounts is asked for again (a slow first load, a restored tab). */
const STALE_MS = 5000;
/**
 * The queue pages (server renders) this tab has shown, with when each was last taken down (0:
 * on screen). One shown again after it was left came from the router's cache (Back, Forward),
 * however soon: comments decided since are among it.
 */
const shownRenders = new Map<string, number>();
/**
 * In development React takes every page down and puts it back at once, checking its effects:
 * that is not a return. In production any return counts, however quick (a keyboard user's Back).
 */
const REMOUNT_MS = process.env.NODE_ENV === "development" ? 50 : 0;
/**
 * The comment each queue page (server render) had current when it was left (t, u, a link). Back,
 * the list mounts afresh: that comment is current again and has focus, so the next key acts on
 * the comment the moderator was reading, not on the first card.
 */
const leftOn = new Map<string, { id: number; at: number }>();
const comments = (n: number) => plural(n, "comment");
const isWere = (n: number) => `${n.toLocaleString("en")} ${n === 1 ? "was" : "were"}`;
/** What a bulk decision left alone: comments already in its state, and decided ones (which take only restore). */
const leftAlone = (unchanged: number, skipped: number, action: ItemAction) =>
  (unchanged ? ` ${isWere(unchanged)} already ${STATUS_AFTER[action]} and left alone.` : "") +
  (skipped ? ` ${isWere(skipped)} already decided and left alone: restore ${skipped === 1 ? "it" : "them"} first to decide again.` : "");

/** Links to the queue's first page and the one after this (null at the end); `paged`: this is not the first. */
type Pages = { first: string; next: string | null; paged: boolean };

export function QueueList({
  items: initial, filter, more, filtersIgnored = false, timeZone, renderedAt, renderId, pages,
}: {
  items: QueueItem[]; filter: QueueFilter; more: boolean; filtersIgnored?: boolean; timeZone: string; renderedAt: number; renderId: string; pages: Pages;
}) {
  const router = useRouter();
  // Back from a thread, the router shows the page as it was first rendered, comments decided
  // since among them: a render shown before (or one already old) is asked for again, once.
  const stale = useRef(Date.now() - renderedAt > STALE_MS);
  useEffect(() => {
    const left = shownRenders.get(renderId);
    const returned = left !== undefined && left > 0 && Date.now() - left >= REMOUNT_MS;
    shownRenders.set(renderId, 0);
    if (stale.current || returned) {
      stale.current = false;
      router.refresh();
    }
    return () => void shownRenders.set(renderId, Date.now());
  }, [renderId, router]);
  const [items, setItems] = useState(initial);
  const [current, setCurrent] = useState(0);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [message, say] = useSaid();
  const countMoves = useStatusMoves();
  /** Runs a decision with the controls disabled; a request that fails outright says so and frees them. */
  const whileBusy = useCallback(async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch {
      say("Not saved: the server could not be reached (or was updated meanwhile). Check the connection and reload the page.");
      setRefocus(true);
    } finally {
      setBusy(false);
    }
  }, [say]);
  const [busy, setBusy] = useState(false);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [matching, setMatching] = useState<{ action: "approve" | "reject" | "escalate"; count: number; digest: string } | null>(null);
  // After a decision removes the card with focus, focus goes to the card now current, not to the page's top.
  const [refocus, setRefocus] = useState(false);
  const outcome = useRef<HTMLParagraphElement>(null);
  const yes = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const bar = useRef<HTMLDivElement>(null);

  // A refresh (after deciding all matching comments, or of a page come back to) brings a new list:
  // show it, keeping the current card and the selection where those comments are still listed, so
  // a key pressed next acts on the comment the moderator is looking at, not on whatever took its place.
  const shown = useRef(initial);
  const currentId = useRef<number | undefined>(undefined);
  useEffect(() => {
    currentId.current = items[current]?.id;
  });
  useEffect(() => {
    const left = leftOn.get(renderId);
    // React's development check takes the list down and puts it back at once: that is not a return.
    const returned = left !== undefined && Date.now() - left.at >= REMOUNT_MS;
    const index = returned ? items.findIndex((i) => i.id === left.id) : -1;
    if (index >= 0) {
      setCurrent(index);
      (list.current?.children[index] as HTMLElement | undefined)?.focus({ preventScroll: true });
    }
    return () => {
      if (currentId.current !== undefined) leftOn.set(renderId, { id: currentId.current, at: Date.now() });
    };
    // On mount and when the page changes only: `items` changes with every decision.
  }, [renderId]);
  useEffect(() => {
    if (shown.current === initial) return;
    shown.current = initial;
    const listed = new Set(initial.map((i) => i.id));
    setItems(initial);
    setSelected((s) => new Set([...s].filter((id) => listed.has(id))));
    setCurrent(Math.max(0, initial.findIndex((i) => i.id === currentId.current)));
  }, [initial]);

  // Cards scroll into view below the sticky toolbar, however many lines it wraps onto.
  useEffect(() => {
    const toolbar = bar.current;
    if (!toolbar || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() =>
      list.current?.style.setProperty("--bulkbar-height", `${toolbar.getBoundingClientRect().height}px`),
    );
    observer.observe(toolbar);
    return () => observer.disconnect();
  }, []);
  const reviewQueue = REVIEW.has(filter.status);

  /** Drops decided items from a review queue; elsewhere updates them in place. */
  const settle = useCallback(
    (ids: Set<number>, status: string) => {
      if (reviewQueue && status !== filter.status) {
        // Cards leaving above the current one move it up: the next card still in the list becomes current.
        setCurrent((c) => Math.max(0, c - items.slice(0, c).filter((i) => ids.has(i.id)).length));
        setItems((all) => all.filter((i) => !ids.has(i.id)));
      } else {
        setItems((all) => all.map((i) => (ids.has(i.id) ? { ...i, modStatus: status, modVersion: i.modVersion + 1 } : i)));
      }
      setSelected((s) => new Set([...s].filter((id) => !ids.has(id))));
    },
    [reviewQueue, filter.status, items],
  );

  const decideOne = useCallback(
    (item: QueueItem, action: ItemAction, reason?: Reason, note?: string) =>
      whileBusy(async () => {
        const result = await decideAction({ commentId: item.id, decision: { action, reason, note, expectedVersion: item.modVersion } });
        // Either way focus stays on a card: the button pressed was disabled meanwhile.
        setRefocus(true);
        if (result.ok) {
          settle(new Set([item.id]), result.data.modStatus);
          countMoves([{ from: item.modStatus, to: result.data.modStatus }]);
          say(`${PAST[action]} the comment by ${item.authorName}.`);
        } else {
          // Someone else decided first, or a re-import changed the text: show the comment as it is now,
          // so its buttons offer what it takes now and a second try decides the text on screen.
          const now = stateAfterConflict(result.current, item.body);
          say(`Not saved: ${result.error}${now?.textChanged ? TEXT_CHANGED : ""}`);
          if (now) {
            // Someone else's decision moved it: the counts follow, as for one made here.
            countMoves([{ from: item.modStatus, to: now.state.modStatus }]);
            // The evidence marks were for the old text.
            const score = now.textChanged && item.score ? { ...item.score, spans: [] } : item.score;
            setItems((all) => all.map((i) => (i.id === item.id ? { ...i, ...now.state, score } : i)));
          }
        }
      }),
    [settle, say, whileBusy, countMoves],
  );

  const decideSelection = useCallback(
    async (action: "approve" | "reject" | "escalate", reason?: Reason, note?: string) => {
      const chosen = items.filter((i) => selected.has(i.id));
      if (!chosen.length) return say("Select comments first (x, or the checkboxes).");
      await whileBusy(async () => {
        const result = await bulkDecideAction({ action, reason, note, items: chosen.map((i) => ({ id: i.id, modVersion: i.modVersion })) });
        setRefocus(true);
        if (!result.ok) return say(`Not saved: ${result.error}`);
        const conflicts = new Set(result.data.conflicts);
        const untouched = new Set([...result.data.unchanged, ...result.data.skipped]);
        const applied = chosen.filter((i) => !conflicts.has(i.id) && !untouched.has(i.id));
        settle(new Set(applied.map((i) => i.id)), STATUS_AFTER[action]);
        countMoves(applied.map((i) => ({ from: i.modStatus, to: STATUS_AFTER[action] })));
        say(
          `${PAST[action]} ${comments(result.data.applied)}.` +
            leftAlone(result.data.unchanged.length, result.data.skipped.length, action) +
            (conflicts.size ? ` ${conflicts.size} had changed meanwhile and were left alone; reload to see them.` : ""),
        );
      });
    },
    [items, selected, settle, say, whileBusy, countMoves],
  );

  const askMatching = useCallback(
    (action: "approve" | "reject" | "escalate") =>
      whileBusy(async () => {
        const result = await countMatchingAction(filter);
        if (!result.ok) return say(`Could not count: ${result.error}`);
        setMatching({ action, ...result.data });
        setDialog({ kind: "matching", action, count: result.data.count });
      }),
    [filter, say, whileBusy],
  );

  const decideMatching = useCallback(
    async (reason?: Reason, note?: string) => {
      if (!matching) return;
      setDialog(null);
      await whileBusy(async () => {
        // The digest of the set counted: a set that changed meanwhile, even at the same size, is refused.
        const result = await bulkDecideAction({ action: matching.action, reason, note, filter, expectedCount: matching.count, expectedDigest: matching.digest });
        setMatching(null);
        if (!result.ok) return say(`Not saved: ${result.error}`);
        say(
          `${PAST[matching.action]} ${comments(result.data.applied)} matching this filter.` +
            leftAlone(result.data.unchanged.length, result.data.skipped.length, matching.action),
        );
        // The decided cards are about to be replaced: focus the outcome, which stays.
        outcome.current?.focus();
        router.refresh();
      });
    },
    [matching, filter, router, say, whileBusy],
  );

  const act = useCallback(
    (item: QueueItem | undefined, action: ItemAction) => {
      if (!item) return;
      setCurrent(items.indexOf(item));
      const allowed = allowedActions(item);
      if (!allowed.includes(action)) {
        say(`This comment is ${item.modStatus}: ${allowed.map((a) => VERB[a].toLowerCase()).join(" or ")} it instead.`);
        return;
      }
      if (action === "reject") setDialog({ kind: "reason", scope: "current", id: item.id });
      else if (action === "escalate") setDialog({ kind: "escalate", scope: "current", id: item.id });
      else void decideOne(item, action);
    },
    [items, decideOne, say],
  );

  /** j / k: the next card becomes current and takes focus, so a screen reader reads it. */
  const moveTo = useCallback((index: number) => {
    setCurrent(index);
    (list.current?.children[index] as HTMLElement | undefined)?.focus({ preventScroll: true });
  }, []);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement;
      if (dialog || busy || typing(target) || onSiteNavigation(target) || event.metaKey || event.ctrlKey || event.altKey) return;
      // A held key repeats: only moving may, never deciding or selecting on cards not yet read.
      if (event.repeat && event.key !== "j" && event.key !== "k") {
        if (/^[a-z]$/i.test(event.key)) event.preventDefault();
        return;
      }
      const item = items[current];
      // From outside the list (the page just loaded), the first j or k goes to the current card, not past it.
      const inList = !!list.current?.contains(document.activeElement);
      const keys: Record<string, () => void> = {
        j: () => moveTo(inList ? Math.min(current + 1, items.length - 1) : current),
        k: () => moveTo(inList ? Math.max(current - 1, 0) : current),
        a: () => act(item, "approve"),
        r: () => act(item, "reject"),
        e: () => act(item, "escalate"),
        t: () => item && router.push(commentLink(item.thread.id, item.id)),
        u: () => item?.commenterId && router.push(`/commenters/${item.commenterId}`),
        x: () => item && toggleByKey(item),
        A: () => void decideSelection("approve"),
        R: () => (selected.size ? setDialog({ kind: "reason", scope: "selection" }) : say("Select comments first (x).")),
        E: () => (selected.size ? setDialog({ kind: "escalate", scope: "selection" }) : say("Select comments first (x).")),
        "?": () => setDialog({ kind: "help" }),
      };
      // Shift picks the selection's decisions, not the letter's case: with Caps Lock on, "a" still decides one comment.
      const name = /^[a-z]$/i.test(event.key) ? (event.shiftKey ? event.key.toUpperCase() : event.key.toLowerCase()) : event.key;
      const handler = keys[name];
      if (!handler) return;
      event.preventDefault();
      handler();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [items, current, dialog, busy, act, decideSelection, selected, router, moveTo, say]);

  // Keys pressed before the page's scripts run are lost: the toolbar says when they are heard (tests wait for it).
  const [keysHeard, setKeysHeard] = useState(false);
  useEffect(() => setKeysHeard(true), []);

  useEffect(() => {
    if (!refocus) return;
    setRefocus(false);
    const active = document.activeElement;
    if (active && active !== document.body && !list.current?.contains(active)) return;
    // The last card decided: the outcome takes focus, rather than the page's top.
    if (!items.length) return outcome.current?.focus({ preventScroll: true });
    (list.current?.children[Math.min(current, items.length - 1)] as HTMLElement | undefined)?.focus({ preventScroll: true });
  }, [refocus, items, current]);

  // The page opens at its top (heading, tabs, filters); from the first move on, the current card stays in view.
  const moved = useRef(false);
  useEffect(() => {
    if (current >= items.length && items.length) setCurrent(items.length - 1);
    if (!moved.current) {
      moved.current = true;
      return;
    }
    const node = list.current?.children[current] as HTMLElement | undefined;
    node?.scrollIntoView?.({ block: "nearest" });
  }, [current, items.length]);

  /** A reject or escalate dialog confirmed: the decision for what it was opened on. */
  const decideIn = (scope: Scope, action: "reject" | "escalate", reason?: Reason, note?: string, id?: number) => {
    setDialog(null);
    if (scope === "selection") void decideSelection(action, reason, note);
    else if (scope === "matching") void decideMatching(reason, note);
    else {
      const item = items.find((i) => i.id === id);
      if (item) void decideOne(item, action, reason, note);
      else say("Not saved: that comment is no longer in this list (the page was refreshed meanwhile).");
    }
  };

  /** "Reject this comment", "Escalate 3 selected comments", "Reject all 40 matching comments". */
  const titleFor = (verb: string, scope: Scope) => {
    if (scope === "current") return `${verb} this comment`;
    if (scope === "matching") return matching?.count === 1 ? `${verb} the 1 matching comment` : `${verb} all ${(matching?.count ?? 0).toLocaleString("en")} matching comments`;
    return `${verb} ${selected.size} selected ${selected.size === 1 ? "comment" : "comments"}`;
  };

  const toggle = (id: number) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  /** x: unlike a click on the checkbox, the key leaves a screen reader silent, so the outcome is said. */
  const toggleByKey = (item: QueueItem) => {
    const adding = !selected.has(item.id);
    toggle(item.id);
    say(`${adding ? "Selected" : "Unselected"} the comment by ${item.authorName}; ${selected.size + (adding ? 1 : -1)} selected.`);
  };
  /** A dialog opened by a shortcut, with focus on the page itself, gives focus to the current card when it closes. */
  const currentCard = useCallback(
    () => list.current?.querySelector<HTMLElement>(`[data-comment-id="${currentId.current}"]`) ?? (list.current?.firstElementChild as HTMLElement | null),
    [],
  );

  return (
    <>
      <div className="bulkbar" role="toolbar" aria-label="Bulk actions" ref={bar} onKeyDown={onToolbarKeys} data-keys={keysHeard ? "on" : "off"}>
        <span>{selected.size} selected</span>
        <button className="btn approve" disabled={busy || !selected.size} onClick={() => void decideSelection("approve")}>
          Approve selected
        </button>
        <button className="btn reject" disabled={busy || !selected.size} onClick={() => setDialog({ kind: "reason", scope: "selection" })}>
          Reject selected…
        </button>
        <button className="btn" disabled={busy || !selected.size} onClick={() => setDialog({ kind: "escalate", scope: "selection" })}>
          Escalate selected…
        </button>
        <span className="spacer" />
        {/* On the Approved and Rejected tabs a comment offers only Restore: so do these. */}
        {/* A filter the page could not read is not applied: deciding "all matching" would reach past what was asked. */}
        {(reviewQueue || filter.status === "all") && !filtersIgnored && (
          <>
            <button className="btn" disabled={busy} onClick={() => void askMatching("approve")}>
              Approve all matching…
            </button>
            <button className="btn" disabled={busy} onClick={() => void askMatching("reject")}>
              Reject all matching…
            </button>
            <button className="btn" disabled={busy} onClick={() => void askMatching("escalate")}>
              Escalate all matching…
            </button>
          </>
        )}
        <button className="btn" type="button" onClick={() => setDialog({ kind: "help" })} aria-label="Keyboard shortcuts">
          <kbd>?</kbd>
        </button>
      </div>
      <p role="status" aria-live="polite" className={statusClass(message)} ref={outcome} tabIndex={-1}>
        {message}
      </p>
      {items.length === 0 &&
        (initial.length === 0 ? (
          <p className="empty">Nothing in this queue for these filters. New flags appear here as comments are imported and scored.</p>
        ) : more ? (
          <p className="empty">Every comment on this page is decided. More wait on the next page.</p>
        ) : (
          <p className="empty">Nothing left here. New flags appear as comments are imported and scored.</p>
        ))}
      <ul className="queue" aria-label="Comments to review" ref={list}>
        {items.map((item, index) => (
          <QueueItemCard
            key={item.id}
            item={item}
            current={index === current}
            selected={selected.has(item.id)}
            busy={busy}
            onFocus={() => setCurrent(index)}
            onSelect={() => toggle(item.id)}
            onAction={(action) => act(item, action)}
            timeZone={timeZone}
          />
        ))}
      </ul>
      <nav className="pager" aria-label="Pages">
        {pages.paged && <Link href={pages.first}>First page</Link>}
        {pages.next && (
          // Every card of a review queue decided: they left the queue, so its top now holds the next
          // comments, with any flagged meanwhile ranked among them (past the cursor they would be missed).
          <Link className="btn" href={reviewQueue && initial.length > 0 && items.length === 0 ? pages.first : pages.next}>
            Next page
          </Link>
        )}
      </nav>
      {dialog?.kind === "help" && <ShortcutsDialog onClose={() => setDialog(null)} returnFocus={currentCard} />}
      {dialog?.kind === "reason" && (
        <ReasonDialog
          title={titleFor("Reject", dialog.scope)}
          onConfirm={(reason, note) => decideIn(dialog.scope, "reject", reason, note, dialog.id)}
          onCancel={() => setDialog(null)}
          returnFocus={currentCard}
        />
      )}
      {dialog?.kind === "escalate" && (
        <NoteDialog
          title={titleFor("Escalate", dialog.scope)}
          confirmLabel="Escalate"
          onConfirm={(note) => decideIn(dialog.scope, "escalate", undefined, note, dialog.id)}
          onCancel={() => (setDialog(null), setMatching(null))}
          returnFocus={currentCard}
        />
      )}
      {dialog?.kind === "matching" && (
        <Modal labelledBy="matching-title" onCancel={() => (setDialog(null), setMatching(null))} initialFocus={yes} returnFocus={currentCard}>
          <h2 id="matching-title">
            {VERB[dialog.action]} {dialog.count === 1 ? "the 1 comment" : `all ${dialog.count.toLocaleString("en")} comments`} matching this filter?
          </h2>
          <p>
            This decides every comment the current queue and filters match, not only the ones on this page. It is logged per comment and can be undone with Restore.
            {filter.status === "all" && " Comments already approved or rejected are left alone: a decided comment takes only Restore."}
          </p>
          <div className="actions">
            <button
              ref={yes}
              className={`btn ${dialog.action === "reject" ? "reject" : "approve"}`}
              disabled={dialog.count === 0}
              onClick={() =>
                dialog.action === "reject"
                  ? setDialog({ kind: "reason", scope: "matching" })
                  : dialog.action === "escalate"
                    ? setDialog({ kind: "escalate", scope: "matching" })
                    : void decideMatching()
              }
            >
              Yes, {dialog.action} {dialog.count.toLocaleString("en")}
            </button>
            <button className="btn" onClick={() => (setDialog(null), setMatching(null))}>
              Cancel <kbd>Esc</kbd>
            </button>
          </div>
        </Modal>
      )}
    </>
  );
}
