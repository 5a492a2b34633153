import fs from "node:fs";
import path from "node:path";
import { SEEDS } from "./paths";

/**
 * Expectations about the saved seed pages are read from the pages themselves (by line
 * number), so the tests hold no copy of their text.
 */
export function seedFile(prefix: string): { name: string; stem: string; text: string; lines: string[] } {
  const name = fs.readdirSync(SEEDS).find((f) => f.startsWith(prefix));
  if (!name) throw new Error(`no seed page starting with ${prefix} in ${SEEDS}`);
  const text = fs.readFileSync(path.join(SEEDS, name), "utf8");
  return { name, stem: name.replace(/\.txt$/, ""), text, lines: text.split(/\r?\n/) };
}

/** Line `n` (1-based) of a seed page, trimmed; `dropMarker` also drops a leading list number ("1. ") or bullet ("• "). */
export function seedLine(prefix: string, n: number, options: { dropMarker?: boolean } = {}): string {
  const line = seedFile(prefix).lines[n - 1];
  if (line === undefined) throw new Error(`seed ${prefix} has no line ${n}`);
  const trimmed = line.trim();
  return options.dropMarker ? trimmed.replace(/^(?:\d+\.|•)\s+/u, "") : trimmed;
}

/** The page's first non-empty line: its headline, with layout whitespace collapsed as thread titles have it. */
export function seedHeadline(prefix: string): string {
  return seedFile(prefix).lines.find((l) => l.trim() !== "")!.trim().replace(/\s+/gu, " ");
}

/** Each name replaced by the index of its first appearance: who wrote what, without the names. */
export function appearanceOrder(names: readonly string[]): number[] {
  const first = new Map<string, number>();
  return names.map((n) => {
    if (!first.has(n)) first.set(n, first.size);
    return first.get(n)!;
  });
}

export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
