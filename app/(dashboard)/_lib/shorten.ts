/**
 * Text cut to at most `max` UTF-16 units with an ellipsis, never between the two halves of a
 * character outside the Basic Multilingual Plane (an emoji cut in half renders as "�").
 */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const code = text.charCodeAt(end);
  if (code >= 0xdc00 && code <= 0xdfff) end--;
  return `${text.slice(0, end)}…`;
}
