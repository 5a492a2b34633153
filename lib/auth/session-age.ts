/** Sessions last a working day; the role is re-read from the database on every request. */
export const SESSION_SECONDS = 12 * 60 * 60;

/** Whether a session's sign-in (ms since the epoch) was within the last working day (and not in the future). */
export function signedInRecently(signedInAt: number | undefined, now = Date.now()): boolean {
  return typeof signedInAt === "number" && now - signedInAt < SESSION_SECONDS * 1000 && signedInAt <= now + 60_000;
}
