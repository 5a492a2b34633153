"use client";

import { createContext, useCallback, useContext, useState, type ReactNode } from "react";

/** A comment's moderation state before and after a decision made on this page. */
export type StatusMove = { from: string; to: string };

const Counts = createContext<{ counts: Record<string, number>; cap: number }>({ counts: {}, cap: Infinity });
const Moves = createContext<(moves: readonly StatusMove[]) => void>(() => {});

/**
 * Counts the server rendered (how many comments wait in each tab, in a thread), kept true as
 * decisions made on this page move comments between states: the page is not reloaded after each
 * decision, and a count that stayed where it was told a moderator the work had not moved.
 * `groups` names the moderation states each count holds; a count over `cap` was not counted to its
 * end ("10,000+") and stays so. New counts from the server (a refresh) replace the adjusted ones.
 */
export function LiveCounts({
  initial, groups, cap = Infinity, children,
}: {
  initial: Record<string, number>;
  groups: Record<string, readonly string[]>;
  cap?: number;
  children: ReactNode;
}) {
  const [counts, setCounts] = useState(initial);
  const [rendered, setRendered] = useState(initial);
  if (rendered !== initial) {
    setRendered(initial);
    setCounts(initial);
  }
  const move = useCallback(
    (moves: readonly StatusMove[]) =>
      setCounts((before) => {
        const next = { ...before };
        for (const { from, to } of moves) {
          for (const [name, states] of Object.entries(groups)) {
            const n = next[name];
            if (n === undefined || n > cap) continue;
            next[name] = Math.max(0, n - Number(states.includes(from)) + Number(states.includes(to)));
          }
        }
        return next;
      }),
    [groups, cap],
  );
  return (
    <Counts.Provider value={{ counts, cap }}>
      <Moves.Provider value={move}>{children}</Moves.Provider>
    </Counts.Provider>
  );
}

/** Tells the counts around this component that decisions moved comments (no-op without them). */
export const useStatusMoves = () => useContext(Moves);

/** One count as text: "1,234", or "10,000+" past the cap. */
export function LiveCount({ name }: { name: string }) {
  const { counts, cap } = useContext(Counts);
  const n = counts[name];
  if (n === undefined) return null;
  return <>{n > cap ? `${cap.toLocaleString("en")}+` : n.toLocaleString("en")}</>;
}
