"use client";

import { useEffect, useRef, useState } from "react";
import { REASON_CODES } from "@/lib/moderation/constants";

export type Reason = (typeof REASON_CODES)[number];

/**
 * Reject reasons: digits 1–7 pick one, Enter confirms, Escape cancels. "other"
 * asks for a note. Focus goes into the dialog and back where it was after.
 */
export function ReasonDialog({
  title,
  onConfirm,
  onCancel,
}: {
  title: string;
  onConfirm: (reason: Reason, note: string | undefined) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState<Reason>("insult");
  const [note, setNote] = useState("");
  const first = useRef<HTMLInputElement>(null);
  const previous = useRef<Element | null>(null);

  useEffect(() => {
    previous.current = document.activeElement;
    first.current?.focus();
    return () => (previous.current as HTMLElement | null)?.focus?.();
  }, []);

  const needsNote = reason === "other" && !note.trim();
  const confirm = () => {
    if (!needsNote) onConfirm(reason, note.trim() || undefined);
  };

  function onKeyDown(event: React.KeyboardEvent) {
    const target = event.target as HTMLElement;
    if (event.key === "Escape") {
      event.preventDefault();
      onCancel();
    } else if (event.key === "Enter" && target.tagName !== "TEXTAREA") {
      event.preventDefault();
      confirm();
    } else if (/^[1-7]$/.test(event.key) && target.tagName !== "TEXTAREA") {
      event.preventDefault();
      setReason(REASON_CODES[Number(event.key) - 1]!);
    }
    event.stopPropagation();
  }

  return (
    <div className="backdrop">
      <div role="dialog" aria-modal="true" aria-labelledby="reason-title" className="dialog" onKeyDown={onKeyDown}>
        <h2 id="reason-title">{title}</h2>
        <fieldset>
          <legend>Reason</legend>
          {REASON_CODES.map((code, i) => (
            <label key={code} className="radio">
              <input
                ref={i === 0 ? first : undefined}
                type="radio"
                name="reason"
                value={code}
                checked={reason === code}
                onChange={() => setReason(code)}
              />
              <kbd>{i + 1}</kbd> {code}
            </label>
          ))}
        </fieldset>
        <label>
          Note {reason === "other" ? "(required for “other”)" : "(optional)"}
          <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} />
        </label>
        <div className="actions">
          <button type="button" className="btn reject" onClick={confirm} disabled={needsNote}>
            Reject <kbd>Enter</kbd>
          </button>
          <button type="button" className="btn" onClick={onCancel}>
            Cancel <kbd>Esc</kbd>
          </button>
        </div>
      </div>
    </div>
  );
}
