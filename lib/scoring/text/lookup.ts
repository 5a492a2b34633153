import { hasStretch } from "./letters";

/**
 * Finds a token in a word table: the word itself, then without apostrophes
 * ("don't" → "dont"), without a possessive "'s", then with letter runs shortened
 * ("stuuupid" → "stupid", "sooo" → "soo"). -1 when none is listed.
 */
export function lookupWord(index: ReadonlyMap<string, number>, norm: string): number {
  const direct = index.get(norm);
  if (direct !== undefined) return direct;
  if (norm.includes("'")) {
    const bare = index.get(norm.replaceAll("'", ""));
    if (bare !== undefined) return bare;
    const stem = index.get(norm.replace(/'s$/, ""));
    if (stem !== undefined) return stem;
  }
  if (hasStretch(norm)) {
    const once = index.get(norm.replace(/(.)\1+/gu, "$1"));
    if (once !== undefined) return once;
    const twice = index.get(norm.replace(/(.)\1{2,}/gu, "$1$1"));
    if (twice !== undefined) return twice;
  }
  return -1;
}
