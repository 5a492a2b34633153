"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { QueueItem } from "@/lib/moderation/queue";
import { decideAction } from "../actions";
import { HighlightedText } from "./highlighted-text";

type Action = "approve" | "reject";

function triggers(item: QueueItem): string[] {
  const spans = item.score?.spans.filter((s) => s.attribute !== "sentiment") ?? [];
  return [...new Set(spans.map((s) => `${item.body.slice(s.start, s.end)} · ${s.attribute}`))];
}

export function QueueList({ items: initial }: { items: QueueItem[] }) {
  const [items, setItems] = useState(initial);
  const [current, setCurrent] = useState(0);
  const [message, setMessage] = useState<string>("");
  const [busy, setBusy] = useState<number | null>(null);
  const refs = useRef<(HTMLLIElement | null)[]>([]);

  const decide = useCallback(
    async (item: QueueItem, action: Action) => {
      setBusy(item.id);
      const result = await decideAction({
        commentId: item.id,
        decision: { action, reason: action === "reject" ? "other" : undefined, expectedVersion: item.modVersion },
      });
      setBusy(null);
      if (result.ok) {
        setItems((list) => list.filter((i) => i.id !== item.id));
        setMessage(`${action === "approve" ? "Approved" : "Rejected"} the comment by ${item.authorName}.`);
      } else {
        setMessage(`Not saved: ${result.error}`);
      }
    },
    [],
  );

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement;
      if (["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) || event.metaKey || event.ctrlKey || event.altKey) return;
      const item = items[current];
      if (event.key === "j") setCurrent((c) => Math.min(c + 1, items.length - 1));
      else if (event.key === "k") setCurrent((c) => Math.max(c - 1, 0));
      else if (event.key === "a" && item) void decide(item, "approve");
      else if (event.key === "r" && item) void decide(item, "reject");
      else return;
      event.preventDefault();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [items, current, decide]);

  useEffect(() => {
    if (current >= items.length && items.length) setCurrent(items.length - 1);
    refs.current[current]?.scrollIntoView?.({ block: "nearest" });
  }, [current, items.length]);

  return (
    <>
      <p role="status" aria-live="polite" className="notice">
        {message}
      </p>
      {items.length === 0 && <p className="empty">Queue cleared. Nice work.</p>}
      <ul className="queue" aria-label="Comments to review">
        {items.map((item, index) => (
          <li
            key={item.id}
            ref={(el) => {
              refs.current[index] = el;
            }}
            className="queue-item"
            aria-current={index === current ? "true" : undefined}
            data-comment-id={item.id}
            onClick={() => setCurrent(index)}
          >
            <header>
              <span className="author">{item.authorName}</span>
              <span>
                on <a href={`/queue?status=all&thread=${item.thread.id}`}>“{item.thread.title}”</a>
              </span>
              <time dateTime={item.postedAt}>{new Date(item.postedAt).toLocaleString()}</time>
              <span className="status">{item.modStatus}</span>
              {item.score && (
                <span className={`score ${item.score.incivility >= 0.5 ? "high" : ""}`}>
                  incivility {Math.round(item.score.incivility * 100)}%
                </span>
              )}
            </header>
            <p className="body">{item.score ? <HighlightedText text={item.body} spans={item.score.spans} /> : item.body}</p>
            <div className="chips" aria-label="Why it is here">
              {item.flagReasons.map((r) => (
                <span className="chip" key={r}>
                  {r}
                </span>
              ))}
              {triggers(item).map((t) => (
                <span className="chip" key={t}>
                  {t}
                </span>
              ))}
            </div>
            {(item.modStatus === "flagged" || item.modStatus === "escalated") && (
              <div className="actions" style={{ marginTop: "0.6rem" }}>
                <button className="btn approve" disabled={busy === item.id} onClick={() => void decide(item, "approve")}>
                  Approve
                </button>
                <button className="btn reject" disabled={busy === item.id} onClick={() => void decide(item, "reject")}>
                  Reject
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
