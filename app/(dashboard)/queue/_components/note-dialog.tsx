"use client";

import { useRef, useState } from "react";
import { Modal, ModalActions, type ReturnFocus } from "./modal";

/**
 * A decision that takes an optional note (escalating: what whoever takes it up should
 * look at). Enter confirms, Escape cancels.
 */
export function NoteDialog({
  title,
  confirmLabel,
  onConfirm,
  onCancel,
  returnFocus,
}: {
  title: string;
  confirmLabel: string;
  onConfirm: (note: string | undefined) => void;
  onCancel: () => void;
  returnFocus?: ReturnFocus;
}) {
  const [note, setNote] = useState("");
  const field = useRef<HTMLInputElement>(null);
  const confirm = () => onConfirm(note.trim() || undefined);
  return (
    <Modal labelledBy="note-title" onCancel={onCancel} onEnter={confirm} initialFocus={field} returnFocus={returnFocus}>
      <h2 id="note-title">{title}</h2>
      {/* Focus starts in the field: it carries the sentence, so a screen reader reads it too. */}
      <p id="note-where" className="muted">
        Escalated comments go to the Escalated tab of the review queue, which moderators and admins see (editors do not have the queue).
      </p>
      <label>
        Note (optional)
        <input ref={field} value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} size={50} aria-describedby="note-where" />
      </label>
      <ModalActions label={confirmLabel} onConfirm={confirm} onCancel={onCancel} />
    </Modal>
  );
}
