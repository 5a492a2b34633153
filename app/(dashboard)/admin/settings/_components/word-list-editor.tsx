"use client";

import { useState } from "react";
import { addTermAction, removeTermAction } from "../actions";

export function WordListEditor({ kind, terms }: { kind: "banned" | "suspect"; terms: string[] }) {
  const [message, setMessage] = useState("");
  const title = kind === "banned" ? "Banned terms (auto-reject)" : "Suspect terms (flag for review)";
  return (
    <div>
      <h3>{title}</h3>
      {terms.length === 0 ? (
        <p className="muted">No terms yet.</p>
      ) : (
        <ul className="chips" aria-label={title}>
          {terms.map((t) => (
            <li key={t} className="chip">
              {t}{" "}
              <button
                type="button"
                className="linklike"
                aria-label={`Remove ${t}`}
                onClick={async () => {
                  const r = await removeTermAction({ kind, term: t });
                  setMessage(r.ok ? `Removed “${t}”.` : `Not saved: ${r.error}`);
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="toolbar"
        onSubmit={async (e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const term = String(new FormData(form).get("term") ?? "");
          const r = await addTermAction({ kind, term });
          const shown = `“${term.trim().toLowerCase()}”`;
          if (r.ok && r.data !== "other-list") form.reset();
          setMessage(
            !r.ok
              ? `Not saved: ${r.error}`
              : r.data === "added"
                ? `Added ${shown}.`
                : r.data === "present"
                  ? `${shown} is already on this list.`
                  : `Not saved: ${shown} is on the ${kind === "banned" ? "suspect" : "banned"} list; remove it there first.`,
          );
        }}
      >
        <label>
          Add a {kind} term
          <input name="term" required minLength={2} maxLength={80} />
        </label>
        <button className="btn" type="submit">Add</button>
      </form>
      <p role="status" aria-live="polite" className="notice">{message}</p>
    </div>
  );
}
