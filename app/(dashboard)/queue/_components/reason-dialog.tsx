"use client";

import { useRef, useState } from "react";
import { REASON_CODES } from "@/lib/moderation/constants";
import { Modal, ModalActions, type ReturnFocus } from "./modal";

export type Reason = (typeof REASON_CODES)[number];

/**
 * Reject reasons: digits 1–7 pick one, Enter confirms (on a button, Enter presses that
 * button), Escape cancels. "other" asks for a note.
 */
export function ReasonDialog({
  title,
  onConfirm,
  onCancel,
  returnFocus,
}: {
  title: string;
  onConfirm: (reason: Reason, note: string | undefined) => void;
  onCancel: () => void;
  returnFocus?: ReturnFocus;
}) {
  const [reason, setReason] = useState<Reason>("insult");
  const [note, setNote] = useState("");
  const [noteWanted, setNoteWanted] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  const radios = useRef<(HTMLInputElement | null)[]>([]);
  const noteField = useRef<HTMLTextAreaElement>(null);

  const needsNote = reason === "other" && !note.trim();
  const confirm = () => {
    if (needsNote) {
      // "other" without a note: say so where the note goes.
      setNoteWanted(true);
      noteField.current?.focus();
    } else onConfirm(reason, note.trim() || undefined);
  };

  function onKeyDown(event: React.KeyboardEvent) {
    if ((event.target as HTMLElement).tagName === "TEXTAREA" || !/^[1-7]$/.test(event.key)) return;
    event.preventDefault();
    const index = Number(event.key) - 1;
    setReason(REASON_CODES[index]!);
    // Focus follows the pick, as arrow keys move it: Space then keeps the reason shown, not the first one.
    radios.current[index]?.focus();
  }

  return (
    <Modal labelledBy="reason-title" onCancel={onCancel} onEnter={confirm} onKeyDown={onKeyDown} initialFocus={first} returnFocus={returnFocus}>
        <h2 id="reason-title">{title}</h2>
        <fieldset>
          <legend>Reason</legend>
          {REASON_CODES.map((code, i) => (
            <label key={code} className="radio">
              <input
                ref={(el) => {
                  radios.current[i] = el;
                  if (i === 0) first.current = el;
                }}
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
          <textarea
            ref={noteField}
            rows={2}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={1000}
            aria-invalid={noteWanted && needsNote ? true : undefined}
            aria-describedby={noteWanted && needsNote ? "reason-note-needed" : undefined}
          />
        </label>
        {noteWanted && needsNote && (
          <p id="reason-note-needed" className="error" role="alert">
            Say why in the note: “other” needs one.
          </p>
        )}
        <ModalActions label="Reject" className="btn reject" onConfirm={confirm} onCancel={onCancel} />
    </Modal>
  );
}
