/** Letters and capital letters of a text (ASCII fast path; other scripts via case mapping). */
export function countCapitals(text: string): { letters: number; capitals: number } {
  let letters = 0;
  let capitals = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (c >= 65 && c <= 90) {
        letters++;
        capitals++;
      } else if (c >= 97 && c <= 122) letters++;
      continue;
    }
    const ch = text[i]!;
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    if (lower === upper) continue;
    letters++;
    if (ch === upper) capitals++;
  }
  return { letters, capitals };
}

/** True when some character repeats three times in a row ("sooo"): worth trying shortened spellings. */
export function hasStretch(word: string): boolean {
  for (let i = 2; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c === word.charCodeAt(i - 1) && c === word.charCodeAt(i - 2)) return true;
  }
  return false;
}
