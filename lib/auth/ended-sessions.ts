import { pool } from "@/lib/db";
import { SESSION_SECONDS } from "./session-age";

/**
 * Records a session signed out before it expired: its cookie (a signed token, valid on its own
 * until it expires) then signs no one in, should it have been copied. Kept only as long as the
 * session could have lasted; expired records are dropped as new ones come.
 */
export async function endSession(sessionId: string, signedInAt: number): Promise<void> {
  await pool.query(
    `WITH tidied AS (DELETE FROM ended_session WHERE expires_at < now())
     INSERT INTO ended_session (session_id, expires_at)
     VALUES ($1, to_timestamp($2::float8 / 1000) + make_interval(secs => $3))
     ON CONFLICT (session_id) DO NOTHING`,
    [sessionId, signedInAt, SESSION_SECONDS],
  );
}

/**
 * The id a session is ended under: its own, or for a session signed in before sessions had one,
 * its user and sign-in time (distinct enough: one user signing in twice in a millisecond).
 */
export function sessionIdOf(token: Record<string, unknown>): string | null {
  if (typeof token.sid === "string") return token.sid;
  if (typeof token.uid === "number" && typeof token.signedInAt === "number") return `signed-in:${token.uid}:${token.signedInAt}`;
  return null;
}
