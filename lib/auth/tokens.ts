import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import type { PublicUser } from "./users";

const PREFIX = "cdk_";

function digest(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Issues a bearer token for a user. The secret is shown once; only its hash is stored. */
export async function issueToken(email: string, name = "cli"): Promise<string> {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true } });
  if (!user) throw new NotFoundError(`no user with email ${email}`);
  const token = PREFIX + randomBytes(24).toString("base64url");
  await db.apiToken.create({
    data: { userId: user.id, name, tokenHash: digest(token), prefix: token.slice(0, PREFIX.length + 6) },
  });
  return token;
}

/** Resolves a bearer token to its active user, recording its use. Revoked tokens and inactive users get null. */
export async function userForToken(token: string): Promise<PublicUser | null> {
  if (!token.startsWith(PREFIX)) return null;
  const row = await db.apiToken.findUnique({
    where: { tokenHash: digest(token) },
    select: { id: true, revokedAt: true, lastUsedAt: true, user: { select: { id: true, email: true, name: true, role: true, active: true } } },
  });
  if (!row || row.revokedAt || !row.user.active) return null;
  // Record use at most once a minute: a busy API client must not turn every read into a write.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return row.user;
}

export async function revokeToken(id: number): Promise<void> {
  await db.apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
}

export type TokenSummary = { id: number; email: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };

/** Every token with its owner and use; the secret itself is never stored. */
export function listTokens(): Promise<TokenSummary[]> {
  return db.apiToken
    .findMany({
      orderBy: { id: "desc" },
      select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true, user: { select: { email: true } } },
    })
    .then((rows) => rows.map(({ user, ...t }) => ({ ...t, email: user.email })));
}
