"use client";

import { useCallback, useState } from "react";

/**
 * The text of a status line (a live region). The same words twice in a row (two approvals of one
 * author's comments, the same refusal) change nothing in the page, so a screen reader would stay
 * silent: the line is cleared first, then given its text.
 */
export function useSaid(): [message: string, say: (text: string) => void] {
  const [message, setMessage] = useState("");
  const say = useCallback((text: string) => {
    setMessage("");
    window.setTimeout(() => setMessage(text), 60);
  }, []);
  return [message, say];
}

/** How the lines saying something was not done begin ("Not saved: …", "Select comments first …"). */
const REFUSED = /^(Not saved|Could not|Select comments first|This comment is \w+: )/;

/** A status line's classes: one saying something was not done is not shown in the colour of success. */
export const statusClass = (message: string) => (REFUSED.test(message) ? "notice refused" : "notice");
