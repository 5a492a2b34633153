"use client";

import { useEffect, useRef, useState } from "react";
import { addTermAction, removeTermAction } from "../actions";
import { MAX_TERMS } from "@/lib/moderation/constants";
import { UNREACHABLE, useOneAtATime } from "../../../_lib/use-one-at-a-time";

export function WordListEditor({ kind, terms }: { kind: "banned" | "suspect"; terms: string[] }) {
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const say = (text: string, error = false) => setMessage({ text, error });
  const { run } = useOneAtATime();
  const unreachable = () => say(UNREACHABLE, true);
  const title = kind === "banned" ? "Banned terms (auto-reject)" : "Suspect terms (flag for review)";
  const list = useRef<HTMLUListElement>(null);
  const input = useRef<HTMLInputElement>(null);
  // After a removal the focused button is gone: focus moves to the chip that took its place
  // (or the one before it), or to the input when none is left, once the list shows the removal.
  const [removed, setRemoved] = useState<{ term: string; index: number } | null>(null);
  useEffect(() => {
    if (!removed || terms.includes(removed.term)) return;
    const buttons = list.current?.querySelectorAll<HTMLButtonElement>("button") ?? [];
    if (buttons.length) buttons[Math.min(removed.index, buttons.length - 1)]!.focus();
    else input.current?.focus();
    setRemoved(null);
  }, [terms, removed]);
  return (
    <div>
      <h3>{title}</h3>
      {terms.length === 0 ? (
        <p className="muted">No terms yet.</p>
      ) : (
        <ul className="chips" aria-label={title} ref={list}>
          {terms.map((t, index) => (
            <li key={t} className="chip">
              {t}{" "}
              <button
                type="button"
                className="linklike"
                aria-label={`Remove ${t}`}
                onClick={() =>
                  run(async () => {
                    const r = await removeTermAction({ kind, term: t });
                    say(r.ok ? `Removed “${t}”.` : `Not saved: ${r.error}`, !r.ok);
                    if (r.ok) setRemoved({ term: t, index });
                  }, unreachable)
                }
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const term = String(new FormData(form).get("term") ?? "");
          void run(async () => {
            setMessage(null);
            const r = await addTermAction({ kind, term });
            const shown = `“${term.trim().toLowerCase()}”`;
            if (r.ok && (r.data === "added" || r.data === "present")) form.reset();
            if (!r.ok) say(`Not saved: ${r.error}`, true);
            else if (r.data === "added") say(`Added ${shown}.`);
            else if (r.data === "present") say(`${shown} is already on this list.`);
            else if (r.data === "full") say(`Not saved: the ${kind} list holds ${MAX_TERMS.toLocaleString("en")} terms, the most it may; remove some first.`, true);
            else say(`Not saved: ${shown} is on the ${kind === "banned" ? "suspect" : "banned"} list; remove it there first.`, true);
          }, unreachable);
        }}
      >
        <label>
          Add a {kind} term
          <input
            ref={input}
            name="term"
            required
            minLength={1}
            aria-invalid={message?.error ? true : undefined}
            aria-describedby={message?.error ? `${kind}-term-message` : undefined}
            onInvalid={() => setMessage(null)}
          />
        </label>
        <button className="btn" type="submit">Add</button>
      </form>
      <p id={`${kind}-term-message`} role="status" aria-live="polite" className={message?.error ? "error" : "notice"}>
        {message?.text}
      </p>
    </div>
  );
}
