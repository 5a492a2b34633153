/** How the PDF writes figures and cuts texts; shared by its pages and by the count of what it prints. */

export const pct = (v: number | null) => (v === null ? "–" : `${(v * 100).toFixed(1)}%`);
export const score = (v: number | null) => (v === null ? "–" : v.toFixed(2));

/** A removed comment as its table cell: line breaks read as spaces (a wall of them is a common spam), 400 characters at most. */
export function removedText(body: string): string {
  const flat = body.replace(/\s+/g, " ").trim();
  return flat.length > 400 ? `${flat.slice(0, 400)}…` : flat;
}

/** Names listed on the title page before "… and N more": the title page stays one page. */
const LISTED = 10;

/** A list of names for the filters table, the first LISTED of them and how many more. */
export function listed(names: readonly string[], separator: string): string {
  if (names.length <= LISTED) return names.join(separator);
  return `${names.slice(0, LISTED).join(separator)}${separator}… and ${(names.length - LISTED).toLocaleString("en")} more`;
}
