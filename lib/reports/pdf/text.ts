/** How the PDF writes figures and cuts texts; shared by its pages and by the count of what it prints. */

export const pct = (v: number | null) => (v === null ? "–" : `${(v * 100).toFixed(1)}%`);
export const score = (v: number | null) => (v === null ? "–" : v.toFixed(2));

/** A removed comment as its table cell: line breaks read as spaces (a wall of them is a common spam), 400 characters at most. */
export function removedText(body: string): string {
  const flat = body.replace(/\s+/g, " ").trim();
  return flat.length > 400 ? `${flat.slice(0, 400)}…` : flat;
}

/** The longest name (thread title, author, source, section, reason) the PDF prints whole. */
const NAME_CHARS = 160;

/**
 * A name as printed: line breaks as spaces, cut at NAME_CHARS. Titles and names may be up to a
 * million characters, and pdfkit's line wrapping of a long text with no break in it takes seconds
 * per ten thousand characters, holding the server's event loop.
 */
export function shortName(name: string): string {
  const flat = name.length > NAME_CHARS * 4 ? wholeCharacters(name.slice(0, NAME_CHARS * 4)) : name;
  const line = flat.replace(/\s+/g, " ").trim();
  return line.length > NAME_CHARS ? `${wholeCharacters(line.slice(0, NAME_CHARS))}…` : line;
}

/** A cut text without the half of a character (an emoji, a rare CJK ideograph) a cut may leave at its end. */
const wholeCharacters = (text: string) => text.replace(/[\uD800-\uDBFF]$/, "");

/** Names listed on the title page before "… and N more": the title page stays one page. */
const LISTED = 10;

/** A list of names for the filters table, the first LISTED of them and how many more. */
export function listed(names: readonly string[], separator: string): string {
  const shown = names.slice(0, LISTED).map(shortName);
  if (names.length <= LISTED) return shown.join(separator);
  return `${shown.join(separator)}${separator}… and ${(names.length - LISTED).toLocaleString("en")} more`;
}
