import "server-only";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { cache } from "react";
import { authOptions } from "./options";
import { signedInRecently } from "./session-age";
import { findActiveUser, type PublicUser } from "./users";
import { userForToken } from "./tokens";
import { sessionIdOf } from "./ended-sessions";

/**
 * The signed-in user of the current request, or null. The only place that calls
 * next-auth's server API. A bearer token (JSON API) is accepted too. The user is
 * re-read from the database, so a deactivated user, a changed role or a reset
 * password (for sessions signed in before it) or a sign-out (for a copy of its cookie) takes effect on the next request. Read once per request: a page's metadata and its role check share it.
 */
export const getCurrentUser = cache(async (): Promise<PublicUser | null> => {
  const authorization = (await headers()).get("authorization");
  if (authorization?.toLowerCase().startsWith("bearer ")) {
    return userForToken(authorization.slice(7).trim());
  }
  return cookieUser();
});

/** The user the session cookie names, if that session is still open and the user active. */
export async function cookieUser(): Promise<PublicUser | null> {
  const session = (await getServerSession(authOptions)) as { uid?: number; signedInAt?: number; passwordStamp?: number; sid?: string } | null;
  if (!session?.uid) return null;
  // next-auth renews the cookie as it is used; the working day is counted from the sign-in itself,
  // so a session (or a stolen cookie) cannot be kept alive past it by being used.
  if (!signedInRecently(session.signedInAt)) return null;
  return findActiveUser(
    session.uid,
    session.signedInAt ?? null,
    typeof session.passwordStamp === "number" ? session.passwordStamp : null,
    sessionIdOf(session),
  );
}
