"use client";

import { useEffect, useRef, type ReactNode } from "react";

/** Where focus goes when a dialog closes and what had focus before cannot take it back, or was the page itself. */
export type ReturnFocus = () => HTMLElement | null | undefined;

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog: focus moves into it (to `initialFocus` unless it is disabled, else its first
 * control, else the dialog itself) and back where it was when it closes, or to `returnFocus`
 * when that cannot take it or was the page itself; Tab and Shift+Tab cycle inside it, so nothing behind
 * the backdrop can be reached; Escape and a click on the backdrop cancel; Enter confirms
 * (`onEnter`), except on a button, which Enter presses, and in a text area. Keys pressed
 * inside it never reach the page's shortcuts, and the repeats of a key held since before it
 * opened are dropped.
 */
export function Modal({
  labelledBy,
  onCancel,
  onEnter,
  onKeyDown,
  initialFocus,
  returnFocus,
  children,
}: {
  labelledBy: string;
  onCancel: () => void;
  onEnter?: () => void;
  /** The dialog's own keys (Escape, Tab and Enter are handled here first). */
  onKeyDown?: (event: React.KeyboardEvent) => void;
  initialFocus?: React.RefObject<HTMLElement | null>;
  returnFocus?: ReturnFocus;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDivElement>(null);
  // The key that opened the dialog ("e", "r") may still be held: its repeats are not typing.
  const fresh = useRef(false);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const wanted = initialFocus?.current;
    // A disabled button ("Yes, approve 0") takes no focus: it would stay behind the backdrop, out of Escape's reach.
    const usable = wanted && !wanted.matches(":disabled") ? wanted : null;
    (usable ?? dialog.current?.querySelector<HTMLElement>(FOCUSABLE) ?? dialog.current)?.focus();
    return () => {
      const back = previous && previous !== document.body && previous.isConnected ? previous : null;
      back?.focus();
      // Gone, the page itself, or disabled meanwhile (a decision on its way): focus would fall to the page's top.
      if (!back || document.activeElement !== back) returnFocus?.()?.focus();
    };
    // Focus moves once, when the dialog opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  function keyDown(event: React.KeyboardEvent) {
    event.stopPropagation();
    if (!event.repeat) fresh.current = true;
    else if (!fresh.current) {
      event.preventDefault();
      return;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      onCancel();
      return;
    }
    if (event.key === "Tab") {
      const controls = [...(dialog.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])].filter(
        (el) => !(el instanceof HTMLInputElement && el.type === "radio" && !el.checked),
      );
      const first = controls[0];
      const last = controls[controls.length - 1];
      if (!first || !last) return;
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
      return;
    }
    const target = event.target as HTMLElement;
    if (event.key === "Enter" && onEnter && !["BUTTON", "TEXTAREA", "A"].includes(target.tagName)) {
      event.preventDefault();
      onEnter();
      return;
    }
    onKeyDown?.(event);
  }

  return (
    <div className="backdrop" onClick={onCancel}>
      <div
        ref={dialog}
        tabIndex={-1}
        role="dialog"
        aria-modal="true"
        aria-labelledby={labelledBy}
        className="dialog"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={keyDown}
        onKeyUp={() => (fresh.current = true)}
      >
        {children}
      </div>
    </div>
  );
}

/** A dialog's two buttons: the decision (Enter) and Cancel (Esc). */
export function ModalActions({ label, className = "btn", onConfirm, onCancel }: { label: string; className?: string; onConfirm: () => void; onCancel: () => void }) {
  return (
    <div className="actions">
      <button type="button" className={className} onClick={onConfirm}>
        {label} <kbd>Enter</kbd>
      </button>
      <button type="button" className="btn" onClick={onCancel}>
        Cancel <kbd>Esc</kbd>
      </button>
    </div>
  );
}
