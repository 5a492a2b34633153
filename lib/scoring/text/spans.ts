/** Escapes a literal for use inside a RegExp. */
export function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Finds whole-word, case-insensitive occurrences of the given words in `text`.
 * Offsets are UTF-16 indices into `text`, as stored and rendered.
 */
export function findWordSpans(text: string, words: readonly string[]): { start: number; end: number; term: string }[] {
  if (words.length === 0) return [];
  const byLower = new Map(words.map((w) => [w.toLowerCase(), w]));
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}_'-])(${[...byLower.keys()].map(escapeRegExp).join("|")})(?![\\p{L}\\p{N}_'-])`,
    "giu",
  );
  const spans: { start: number; end: number; term: string }[] = [];
  for (const match of text.matchAll(pattern)) {
    const term = byLower.get(match[0].toLowerCase()) ?? match[0];
    spans.push({ start: match.index, end: match.index + match[0].length, term });
  }
  return spans;
}
