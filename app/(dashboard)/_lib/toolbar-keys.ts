import type { KeyboardEvent } from "react";

/**
 * Arrow keys within a `role="toolbar"`, as the role promises: Left and Right (Home, End) move
 * focus between its buttons, links and fields, wrapping around. Tab still stops at each of them.
 */
export function onToolbarKeys(event: KeyboardEvent<HTMLElement>): void {
  if (!["ArrowLeft", "ArrowRight", "Home", "End"].includes(event.key)) return;
  const target = event.target as HTMLElement;
  // A field's own arrows move its caret or choice.
  if (target.matches("input:not([type=checkbox]):not([type=radio]), select, textarea")) return;
  const items = [...event.currentTarget.querySelectorAll<HTMLElement>("button, a[href], input, select")].filter(
    (el) => !el.hasAttribute("disabled") && el.offsetParent !== null,
  );
  const at = items.indexOf(target);
  if (at < 0 || !items.length) return;
  event.preventDefault();
  const next =
    event.key === "Home" ? 0
    : event.key === "End" ? items.length - 1
    : (at + (event.key === "ArrowRight" ? 1 : -1) + items.length) % items.length;
  items[next]!.focus();
}
