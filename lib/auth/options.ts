import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { authenticate } from "./users";
import { readEnv } from "@/lib/env";
import { clientAddress } from "./client-address";
import { randomUUID } from "node:crypto";
import { SESSION_SECONDS } from "./session-age";
import { endSession, sessionIdOf } from "./ended-sessions";
import { MAX_PASSWORD_LENGTH } from "./password";
import { isDatabaseUnavailable } from "@/lib/errors";
import { beginSignInAttempt, clearSignInFailuresFrom, inSignInTurn, TooManyAttemptsError } from "./rate-limit";


const credentialsSchema = z.object({ email: z.string().email(), password: z.string().min(1).max(MAX_PASSWORD_LENGTH) });

const SIGN_IN_UNAVAILABLE = "sign-in is unavailable right now (the database does not answer); try again in a moment";
const SIGN_IN_FAILED = "sign-in failed on the server; try again, and tell an admin if it goes on";

/**
 * Checks credentials, counting failures per account and address; null when they do not match.
 * The attempt is counted as a failure until the password matches (see beginSignInAttempt).
 */
export async function checkSignIn(raw: unknown, ip: string) {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const email = parsed.data.email.trim().toLowerCase();
  const user = await inSignInTurn(async () => {
    await beginSignInAttempt(email, ip);
    return authenticate(email, parsed.data.password);
  });
  if (!user) return null;
  await clearSignInFailuresFrom(email, ip);
  return { id: String(user.id), email: user.email, name: user.name, role: user.role, passwordStamp: user.passwordStamp };
}



export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: SESSION_SECONDS },
  jwt: { maxAge: SESSION_SECONDS },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        try {
          return await checkSignIn(raw, clientAddress(request?.headers as Record<string, unknown> | undefined, readEnv().TRUSTED_PROXIES));
        } catch (err) {
          // Thrown errors reach the sign-in form as their message: only a lockout's is meant for people.
          if (err instanceof TooManyAttemptsError) throw err;
          console.error("[auth] sign-in failed:", err instanceof Error ? err.stack : err);
          throw new Error(isDatabaseUnavailable(err) ? SIGN_IN_UNAVAILABLE : SIGN_IN_FAILED);
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = Number(user.id);
        // When this sign-in happened: a password reset after it ends the session (see getCurrentUser).
        token.signedInAt = Date.now();
        // Which password it signed in with: setting it again ends the session (see findActiveUser).
        token.passwordStamp = (user as { passwordStamp?: number }).passwordStamp;
        // Names this session, so signing out can end it for good (see endSession).
        token.sid = randomUUID();
      }
      return token;
    },
    session({ session, token }) {
      return { ...session, uid: token.uid, signedInAt: token.signedInAt, passwordStamp: token.passwordStamp, sid: token.sid };
    },
  },
  events: {
    async signOut({ token }) {
      // The cookie is cleared either way; a database away only leaves a copy of it working until it expires.
      const sid = token ? sessionIdOf(token) : null;
      if (sid && typeof token.signedInAt === "number") {
        await endSession(sid, token.signedInAt).catch((err: Error) => console.error(`[auth] ending a session on sign-out: ${err.message}`));
      }
    },
  },
};
