import { z } from "zod";
import { dbText } from "@/lib/zod-fields";
import { db, inTransaction, pool } from "@/lib/db";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { roleSchema, type Role } from "./roles";
import { generatePassword, hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, verifyPassword } from "./password";
import { clearSignInFailures } from "./rate-limit";

export const createUserSchema = z.object({
  email: z.string().trim().toLowerCase().email(),
  role: roleSchema,
  name: dbText.trim().max(120).optional(),
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`)
    .max(MAX_PASSWORD_LENGTH, `at most ${MAX_PASSWORD_LENGTH} characters`)
    // Spaces count (passphrases), but a password of blanks or one repeated character guesses in a moment.
    .refine((p) => new Set(p.replace(/\s/g, "")).size >= 3, "at least 3 different characters other than spaces")
    .optional(),
});
export type CreateUserInput = z.input<typeof createUserSchema>;

export type PublicUser = { id: number; email: string; name: string | null; role: Role; active: boolean };
const publicSelect = { id: true, email: true, name: true, role: true, active: true } as const;

/** Creates a user; generates a password when none is given and returns it once. */
export async function createUser(input: CreateUserInput): Promise<{ user: PublicUser; password: string }> {
  const data = createUserSchema.parse(input);
  const password = data.password ?? generatePassword();
  const existing = await db.user.findUnique({ where: { email: data.email }, select: { id: true } });
  if (existing) throw new ConflictError(`a user with email ${data.email} already exists`);
  const user = await db.user
    .create({
      data: { email: data.email, name: data.name ?? null, role: data.role, passwordHash: await hashPassword(password) },
      select: publicSelect,
    })
    .catch((err: unknown) => {
      // Two admins creating the same address at once: the second is told as the check above tells it.
      if ((err as { code?: string }).code === "P2002") throw new ConflictError(`a user with email ${data.email} already exists`);
      throw err;
    });
  return { user, password };
}

/** Checks credentials; only active users sign in. Records the sign-in time. */
/**
 * `passwordStamp` identifies the password signed in with (when it was last set, in ms; 0 if
 * never reset), read with the hash it was checked against: a session carries it, and ends
 * when the password is set again, whatever the clocks of the instances involved say.
 */
export async function authenticate(email: string, password: string): Promise<(PublicUser & { passwordStamp: number }) | null> {
  const user = await db.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { ...publicSelect, passwordHash: true, passwordChangedAt: true },
  });
  // Verify against a dummy hash for unknown emails so timing doesn't reveal which exist.
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
  if (!user || !ok || !user.active) return null;
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  const { passwordHash: _omit, passwordChangedAt, ...rest } = user;
  return { ...rest, passwordStamp: passwordChangedAt?.getTime() ?? 0 };
}

let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  return (dummy ??= hashPassword(generatePassword()));
}

/**
 * The current state of a user, for re-checking a session on every request. A session that
 * carries the stamp of the password it signed in with ends as soon as the password is set
 * again (or the account deactivated, which sets it). One from before the stamp was carried
 * is judged by its sign-in time (ms), and one with neither counts as older than any reset.
 */
export async function findActiveUser(
  id: number,
  signedInAt: number | null,
  passwordStamp?: number | null,
  /** The session's own id: one signed out (ended_session) signs no one in. */
  sessionId?: string | null,
): Promise<PublicUser | null> {
  // Runs on every request: one plain indexed query.
  const { rows } = await pool.query<PublicUser>(
    `SELECT id, email, name, role, active FROM app_user
     WHERE id = $1 AND active
       AND CASE WHEN $3::bigint IS NOT NULL
                THEN coalesce(round(extract(epoch FROM password_changed_at) * 1000)::bigint, 0) = $3::bigint
                ELSE password_changed_at IS NULL OR password_changed_at <= to_timestamp(coalesce($2::float8, 0) / 1000) END
       AND NOT EXISTS (SELECT 1 FROM ended_session e WHERE e.session_id = $4::text)`,
    [id, signedInAt, passwordStamp ?? null, sessionId ?? null],
  );
  return rows[0] ?? null;
}

export function listUsers(): Promise<(PublicUser & { createdAt: Date; lastLoginAt: Date | null })[]> {
  return db.user.findMany({
    orderBy: { email: "asc" },
    select: { ...publicSelect, createdAt: true, lastLoginAt: true },
  });
}

export const userUpdateSchema = z
  .object({ role: roleSchema.optional(), active: z.boolean().optional() })
  .refine((u) => u.role !== undefined || u.active !== undefined, "say what to change: role or active");

/** What an update changed, in the words of the activity log (nothing when the account was so already). */
export type UserChange = "changed a role" | "deactivated a user" | "reactivated a user";

/**
 * Changes a user's role or access. Refuses to leave the newsroom without an active admin, so an
 * admin cannot lock everyone out by accident. With `expected` (what the admin's page showed), a
 * change made by another admin since is not overwritten: refused with a ConflictError carrying
 * the account as it is now. Deactivating revokes the user's API tokens and ends their sessions,
 * so reactivating later (after a leaked laptop or token) does not bring those back.
 */
export async function updateUser(
  id: number,
  input: z.infer<typeof userUpdateSchema>,
  expected?: { role?: string; active?: boolean },
): Promise<PublicUser & { changes: UserChange[] }> {
  const data = userUpdateSchema.parse(input);
  return db.$transaction(async (tx) => {
    // Locked, so two admins' changes to one account take turns and the second sees the first. The
    // active admins are locked in the same statement, in id order, as the last-admin check needs
    // them: two admins changing two other admins at once then wait for each other, not deadlock.
    const locked = await tx.$queryRaw<{ id: number; admin: boolean }[]>`
      SELECT id, role = 'admin' AND active AS admin FROM app_user WHERE id = ${id} OR (role = 'admin' AND active) ORDER BY id FOR UPDATE`;
    const user = await tx.user.findUnique({ where: { id }, select: publicSelect });
    if (!user) throw new NotFoundError(`user ${id} not found`);
    const moved = (expected?.role !== undefined && expected.role !== user.role) || (expected?.active !== undefined && expected.active !== user.active);
    if (moved) {
      throw new ConflictError(
        `another admin changed ${user.email} meanwhile (now ${user.role}, ${user.active ? "active" : "deactivated"}); the row shows it now — decide again`,
        { role: user.role, active: user.active },
      );
    }
    const losesAdmin = user.role === "admin" && user.active && (data.active === false || (data.role && data.role !== "admin"));
    // The active admins were counted under their locks: two admins demoting each other at once
    // would otherwise both count two and both commit, leaving none.
    if (losesAdmin && locked.filter((r) => r.admin).length <= 1) {
      throw new ConflictError("this is the last active admin: make someone else admin first");
    }
    const deactivating = data.active === false && user.active;
    if (deactivating) await tx.apiToken.updateMany({ where: { userId: id, revokedAt: null }, data: { revokedAt: new Date() } });
    const updated = await tx.user.update({ where: { id }, data: deactivating ? { ...data, passwordChangedAt: new Date() } : data, select: publicSelect });
    const changes: UserChange[] = [];
    if (updated.role !== user.role) changes.push("changed a role");
    if (updated.active !== user.active) changes.push(updated.active ? "reactivated a user" : "deactivated a user");
    return { ...updated, changes };
  });
}

/**
 * Gives a user a new generated password, returned once, ends their sessions signed in
 * before it and lifts any sign-in lockout on the account: what an admin does for someone
 * who forgot theirs, or whose account was taken over. API tokens are left to revoke one by one.
 */
export async function resetPassword(id: number): Promise<{ email: string; password: string }> {
  const email = await emailOf(id);
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  // Both or neither: a new password the admin was never shown must not replace the old one.
  await inTransaction(async (client) => {
    await client.query("UPDATE app_user SET password_hash = $2, password_changed_at = $3 WHERE id = $1", [id, passwordHash, new Date()]);
    await clearSignInFailures(email, client);
  });
  return { email, password };
}

/** Lifts a sign-in lockout: the account's failed attempts are forgotten. */
export async function unlockUser(id: number): Promise<{ email: string }> {
  const email = await emailOf(id);
  await clearSignInFailures(email);
  return { email };
}

/** A user's email; NotFoundError when there is no such user. */
export async function emailOf(id: number): Promise<string> {
  const user = await db.user.findUnique({ where: { id }, select: { email: true } });
  if (!user) throw new NotFoundError(`user ${id} not found`);
  return user.email;
}

/** A user's id by email, in any case; NotFoundError when there is no such user. */
export async function idOfEmail(email: string): Promise<number> {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true } });
  if (!user) throw new NotFoundError(`no user with email ${email}`);
  return user.id;
}
