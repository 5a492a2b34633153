import { createHash, randomBytes } from "node:crypto";
import { db, pool, queryPrepared } from "@/lib/db";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { idOfEmail, type PublicUser } from "./users";

const PREFIX = "cdk_";

function digest(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Issues a bearer token for a user. The secret is shown once; only its hash is stored. */
export async function issueToken(email: string, name = "cli"): Promise<string> {
  return (await issueTokenFor(await idOfEmail(email), name)).token;
}

/** The same, for a user by id (the Users page), recording the admin who issued it; also names whose it is. */
export async function issueTokenFor(userId: number, name: string, issuedById: number | null = null): Promise<{ email: string; token: string }> {
  const token = PREFIX + randomBytes(24).toString("base64url");
  const email = await db.$transaction(async (tx) => {
    // Share-locked: a deactivation (which locks the account for update and revokes its tokens)
    // either finishes first and is seen here, or waits until this token exists and revokes it too.
    const [user] = await tx.$queryRaw<{ email: string; active: boolean }[]>`
      SELECT email, active FROM app_user WHERE id = ${userId} FOR SHARE`;
    if (!user) throw new NotFoundError(`user ${userId} not found`);
    // It would not work now, and would start working on reactivation, which revokes the others.
    if (!user.active) throw new ConflictError(`${user.email} is deactivated: reactivate the account first, then issue a token`);
    await tx.apiToken.create({
      data: { userId, name, tokenHash: digest(token), prefix: token.slice(0, PREFIX.length + 6), issuedById },
    });
    return user.email;
  });
  return { email, token };
}

/** Resolves a bearer token to its active user, recording its use. Revoked tokens and inactive users get null. */
export async function userForToken(token: string): Promise<PublicUser | null> {
  if (!token.startsWith(PREFIX)) return null;
  // Runs on every API request: one plain indexed query.
  const { rows } = await queryPrepared<PublicUser & { token_id: number; revoked_at: Date | null; last_used_at: Date | null }>(
    `SELECT t.id AS token_id, t.revoked_at, t.last_used_at, u.id, u.email, u.name, u.role, u.active
     FROM api_token t JOIN app_user u ON u.id = t.user_id WHERE t.token_hash = $1`,
    [digest(token)],
  );
  const row = rows[0];
  if (!row || row.revoked_at || !row.active) return null;
  // Record use at most once a minute: a busy API client must not turn every read into a write.
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
    await pool.query("UPDATE api_token SET last_used_at = now() WHERE id = $1", [row.token_id]);
  }
  return { id: row.id, email: row.email, name: row.name, role: row.role, active: row.active };
}

/** Revokes a token; revoking it again keeps the first time. A token that does not exist is a 404. */
export async function revokeToken(id: number): Promise<void> {
  const { count } = await db.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  if (!count && !(await db.apiToken.findUnique({ where: { id }, select: { id: true } }))) throw new NotFoundError(`no API token ${id}`);
}

export type TokenSummary = {
  id: number;
  email: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** The admin who issued it on the Users page; null from the command line. */
  issuedBy: string | null;
};

/** Every token with its owner and use; the secret itself is never stored. */
export function listTokens(): Promise<TokenSummary[]> {
  return db.apiToken
    .findMany({
      orderBy: { id: "desc" },
      select: {
        id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true,
        user: { select: { email: true } }, issuedBy: { select: { email: true } },
      },
    })
    .then((rows) => rows.map(({ user, issuedBy, ...t }) => ({ ...t, email: user.email, issuedBy: issuedBy?.email ?? null })));
}
