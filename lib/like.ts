/** Typed text as part of an ILIKE pattern that matches it literally: %, _ and \ escaped. */
export const escapeLike = (text: string) => text.replace(/[%_\\]/g, "\\$&");

/** An ILIKE pattern for values containing the typed text. */
export const containsPattern = (text: string) => `%${escapeLike(text)}%`;
