"use client";

import { useRef } from "react";
import { Modal, type ReturnFocus } from "./modal";

export const SHORTCUTS: [string, string][] = [
  ["j / k", "next / previous comment"],
  ["a", "approve"],
  ["r", "reject (pick a reason)"],
  ["e", "escalate (with an optional note)"],
  ["t", "open the thread"],
  ["u", "open the commenter"],
  ["x", "select / unselect"],
  ["Shift+A", "approve the selection"],
  ["Shift+R", "reject the selection"],
  ["Shift+E", "escalate the selection"],
  ["?", "show this help"],
];

export function ShortcutsDialog({ onClose, returnFocus }: { onClose: () => void; returnFocus?: ReturnFocus }) {
  const close = useRef<HTMLButtonElement>(null);
  return (
    <Modal
      labelledBy="shortcuts-title"
      onCancel={onClose}
      initialFocus={close}
      returnFocus={returnFocus}
      onKeyDown={(e) => {
        if (e.key === "?") {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table>
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={keys}>
              <th scope="row">
                <kbd>{keys}</kbd>
              </th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">Every action also has a button. Shortcuts are off while typing in a field, and follow the buttons of the current comment.</p>
      <p className="muted">With a screen reader, switch to focus (forms) mode to use them: in browse mode the reader takes the letters for itself.</p>
      <button ref={close} type="button" className="btn" onClick={onClose}>
        Close <kbd>Esc</kbd>
      </button>
    </Modal>
  );
}
