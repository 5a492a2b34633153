import { describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db";
import { authenticate, createUser, findActiveUser, resetPassword, unlockUser, updateUser } from "@/lib/auth/users";
import { listActivity, recordActivity } from "@/lib/activity";
import { issueToken, issueTokenFor, revokeToken, userForToken } from "@/lib/auth/tokens";
import { assertSignInAllowed, lockedAccounts, recordSignInFailure, TooManyAttemptsError } from "@/lib/auth/rate-limit";
import { ConflictError } from "@/lib/errors";

describe("users", () => {
  it("stores an argon2 hash, never the password, and signs in with it", async () => {
    const { user, password } = await createUser({ email: "Editor@Test.local", role: "editor" });
    expect(user.email).toBe("editor@test.local");
    expect(password.length).toBeGreaterThanOrEqual(16);
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash.startsWith("$argon2id$")).toBe(true);
    expect(row.passwordHash).not.toContain(password);
    expect(await authenticate("editor@test.local", password)).toMatchObject({ id: user.id, role: "editor" });
    expect(await authenticate("editor@test.local", "wrong-password")).toBeNull();
    expect(await authenticate("nobody@test.local", password)).toBeNull();
  });

  it("refuses a change to an account another admin changed since the page showed it", async () => {
    const { user } = await createUser({ email: "two-admins@test.local", role: "staff" });
    // One admin makes them a moderator; the other, still seeing staff, deactivates them.
    await updateUser(user.id, { role: "moderator" }, { role: "staff", active: true });
    const refused = await updateUser(user.id, { active: false }, { role: "staff", active: true }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(ConflictError);
    expect((refused as ConflictError).message).toMatch(/another admin changed two-admins@test.local meanwhile \(now moderator, active\)/);
    expect((refused as ConflictError).current).toEqual({ role: "moderator", active: true });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ role: "moderator", active: true });
    // Seeing the account as it is now, the change goes through.
    await expect(updateUser(user.id, { active: false }, { role: "moderator", active: true })).resolves.toMatchObject({ active: false, changes: ["deactivated a user"] });
  });

  it("says what an update changed, for the activity log: each change once, nothing when it was so already", async () => {
    const { user } = await createUser({ email: "changes@test.local", role: "staff" });
    expect((await updateUser(user.id, { role: "editor", active: false })).changes).toEqual(["changed a role", "deactivated a user"]);
    expect((await updateUser(user.id, { role: "editor" })).changes).toEqual([]);
    expect((await updateUser(user.id, { active: true })).changes).toEqual(["reactivated a user"]);
    await expect(updateUser(user.id, {})).rejects.toThrow(/say what to change/);
  });

  it("keeps an activity log, newest first, page by page", async () => {
    for (let i = 1; i <= 5; i++) await recordActivity({ userId: null, via: "cli", action: "tested paging", subject: `entry ${i}`, detail: { i } });
    const seen: string[] = [];
    let before: number | undefined;
    for (;;) {
      const page = await listActivity({ before, limit: 2 });
      seen.push(...page.events.filter((e) => e.action === "tested paging").map((e) => e.subject));
      if (page.next === null) break;
      before = page.next;
    }
    expect(seen).toEqual(["entry 5", "entry 4", "entry 3", "entry 2", "entry 1"]);
    const [latest] = (await listActivity({ limit: 1 })).events;
    expect(latest).toMatchObject({ by: null, via: "cli", action: "tested paging", subject: "entry 5", detail: { i: 5 } });
  });

  it("creates one user of two created with the same email at once, and tells the other why", async () => {
    const both = await Promise.allSettled([
      createUser({ email: "twice@test.local", role: "staff", password: "long-enough-pw" }),
      createUser({ email: "twice@test.local", role: "staff", password: "long-enough-pw" }),
    ]);
    expect(both.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = both.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ConflictError);
    expect(refused.reason.message).toBe("a user with email twice@test.local already exists");
  });

  it("refuses a duplicate email and a short password", async () => {
    await expect(createUser({ email: "editor@test.local", role: "staff" })).rejects.toBeInstanceOf(ConflictError);
    await expect(createUser({ email: "short@test.local", role: "staff", password: "short" })).rejects.toThrow();
    await expect(createUser({ email: "blank@test.local", role: "staff", password: " ".repeat(12) })).rejects.toThrow(/3 different characters/);
    await expect(createUser({ email: "same@test.local", role: "staff", password: "aaaaaaaaaaaa" })).rejects.toThrow(/3 different characters/);
    // A passphrase with spaces is fine.
    await expect(createUser({ email: "phrase@test.local", role: "staff", password: "red ferry at dawn" })).resolves.toBeTruthy();
  });

  it("keeps a deactivated user out", async () => {
    const { user, password } = await createUser({ email: "gone@test.local", role: "staff" });
    await db.user.update({ where: { id: user.id }, data: { active: false } });
    expect(await authenticate("gone@test.local", password)).toBeNull();
    expect(await findActiveUser(user.id, Date.now())).toBeNull();
  });

  it("signs no one in with a session that was signed out, and drops such records once they expire", async () => {
    const { user } = await createUser({ email: "signed-out@test.local", role: "staff" });
    const signedInAt = Date.now() - 1000;
    const { endSession } = await import("@/lib/auth/ended-sessions");
    await endSession("session-a", signedInAt);
    expect(await findActiveUser(user.id, signedInAt, undefined, "session-a")).toBeNull();
    // The user's other sessions (another browser) go on.
    expect(await findActiveUser(user.id, signedInAt, undefined, "session-b")).toMatchObject({ id: user.id });
    const { rows } = await pool.query<{ hours: number }>(
      "SELECT round(extract(epoch FROM expires_at - now()) / 3600)::int AS hours FROM ended_session WHERE session_id = 'session-a'",
    );
    expect(rows).toEqual([{ hours: 12 }]);
    await pool.query("UPDATE ended_session SET expires_at = now() - interval '1 second' WHERE session_id = 'session-a'");
    await endSession("session-c", signedInAt);
    expect((await pool.query("SELECT session_id FROM ended_session ORDER BY session_id")).rows).toEqual([{ session_id: "session-c" }]);
  });

  it("does not bring back a deactivated user's tokens and sessions when the account is reactivated", async () => {
    const { user } = await createUser({ email: "leaked@test.local", role: "staff" });
    const token = await issueToken("leaked@test.local");
    const signedInAt = Date.now() - 1000;
    expect(await findActiveUser(user.id, signedInAt)).toMatchObject({ id: user.id });
    await updateUser(user.id, { active: false });
    await updateUser(user.id, { active: true });
    expect(await userForToken(token)).toBeNull();
    expect(await findActiveUser(user.id, signedInAt)).toBeNull();
    // Signing in again works, and a new token does.
    expect(await findActiveUser(user.id, Date.now() + 1000)).toMatchObject({ id: user.id });
    expect(await userForToken(await issueToken("leaked@test.local"))).toMatchObject({ id: user.id });
    // No token for a deactivated account: it would come back to life on reactivation.
    await updateUser(user.id, { active: false });
    await expect(issueToken("leaked@test.local")).rejects.toThrow(/is deactivated: reactivate the account first/);
  });

  it("refuses a password longer than sign-in accepts", async () => {
    await expect(createUser({ email: "long@test.local", role: "staff", password: "correct horse ".repeat(15) })).rejects.toThrow(/at most 200 characters/);
  });
});

describe("API tokens", () => {
  it("resolves to the user, records use, and stops working when revoked", async () => {
    const { user } = await createUser({ email: "api@test.local", role: "staff" });
    const token = await issueToken("api@test.local");
    const stored = await db.apiToken.findFirstOrThrow({ where: { userId: user.id } });
    expect(stored.tokenHash).not.toContain(token);
    expect(await userForToken(token)).toMatchObject({ id: user.id, role: "staff" });
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: stored.id } })).lastUsedAt).not.toBeNull();
    await revokeToken(stored.id);
    expect(await userForToken(token)).toBeNull();
    expect(await userForToken("cdk_not-a-real-token")).toBeNull();
    // Again: the first revocation's time stays. A token that does not exist is not found, not a crash.
    const first = (await db.apiToken.findUniqueOrThrow({ where: { id: stored.id } })).revokedAt;
    await revokeToken(stored.id);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: stored.id } })).revokedAt).toEqual(first);
    await expect(revokeToken(stored.id + 1000)).rejects.toMatchObject({ status: 404, message: `no API token ${stored.id + 1000}` });
  });
});

describe("a session and the password it signed in with", () => {
  it("ends when the password is set again or the account deactivated, whatever the instances' clocks say", async () => {
    const { user } = await createUser({ email: "stamped@test.local", role: "editor", password: "stamped-password-1" });
    const signedIn = await authenticate(user.email, "stamped-password-1");
    expect(signedIn).toMatchObject({ id: user.id, passwordStamp: 0 });
    const stamp = signedIn!.passwordStamp;
    expect(await findActiveUser(user.id, Date.now(), stamp)).toMatchObject({ id: user.id });
    const { password } = await resetPassword(user.id);
    // Signed in with the old password on an instance whose clock runs ahead of the one that reset it.
    expect(await findActiveUser(user.id, Date.now() + 10 * 60_000, stamp)).toBeNull();
    const again = await authenticate(user.email, password);
    expect(again!.passwordStamp).toBeGreaterThan(0);
    // Signed in with the new one on an instance whose clock runs behind.
    expect(await findActiveUser(user.id, Date.now() - 10 * 60_000, again!.passwordStamp)).toMatchObject({ id: user.id });
    await updateUser(user.id, { active: false });
    await updateUser(user.id, { active: true });
    expect(await findActiveUser(user.id, Date.now(), again!.passwordStamp)).toBeNull();
  });
});

describe("what an admin does for a locked-out or forgetful user", () => {
  it("lists a locked account, unlocks it, and a reset password replaces the old one and lifts a lockout", async () => {
    const { user } = await createUser({ email: "forgetful@test.local", role: "editor", password: "first-password-1" });
    for (let i = 0; i < 5; i++) await recordSignInFailure(user.email, "198.51.100.7");
    await expect(assertSignInAllowed(user.email, "198.51.100.7")).rejects.toBeInstanceOf(TooManyAttemptsError);
    expect((await lockedAccounts()).get(user.email)).toBeGreaterThanOrEqual(14);
    await unlockUser(user.id);
    expect((await lockedAccounts()).has(user.email)).toBe(false);
    await expect(assertSignInAllowed(user.email, "198.51.100.7")).resolves.toBeUndefined();

    for (let i = 0; i < 5; i++) await recordSignInFailure(user.email, "198.51.100.7");
    const signedInBefore = Date.now() - 1000;
    expect(await findActiveUser(user.id, signedInBefore)).toMatchObject({ id: user.id });
    const { email, password } = await resetPassword(user.id);
    // Sessions signed in before the reset end; a sign-in after it (or a session with no time: none) is judged by that.
    expect(await findActiveUser(user.id, signedInBefore)).toBeNull();
    expect(await findActiveUser(user.id, null)).toBeNull();
    expect(await findActiveUser(user.id, Date.now() + 1000)).toMatchObject({ id: user.id });
    expect(email).toBe(user.email);
    expect(await authenticate(email, "first-password-1")).toBeNull();
    expect(await authenticate(email, password)).toMatchObject({ id: user.id });
    expect((await lockedAccounts()).has(email)).toBe(false);
    await expect(resetPassword(987_654)).rejects.toThrow("user 987654 not found");
  });

  it("issues a token by user id, shown once, acting as that user", async () => {
    const { user } = await createUser({ email: "tokened@test.local", role: "staff" });
    const { user: admin } = await createUser({ email: "issuer@test.local", role: "admin" });
    const { email, token } = await issueTokenFor(user.id, "nightly export", admin.id);
    const { listTokens } = await import("@/lib/auth/tokens");
    expect((await listTokens()).find((t) => t.name === "nightly export")).toMatchObject({ email: "tokened@test.local", issuedBy: "issuer@test.local" });
    expect(email).toBe("tokened@test.local");
    expect(await userForToken(token)).toMatchObject({ id: user.id, role: "staff" });
    expect(await db.apiToken.findFirst({ where: { userId: user.id }, select: { name: true, tokenHash: true } })).toMatchObject({ name: "nightly export" });
    await expect(issueTokenFor(987_654, "x")).rejects.toThrow("user 987654 not found");
  });
});

describe("demo accounts outside demo mode", () => {
  it("deactivates them with their tokens, but keeps a last active admin and says so", async () => {
    const { ensureDemoUsers, retireDemoUsers } = await import("@/lib/demo/seed");
    await ensureDemoUsers();
    await db.$executeRaw`UPDATE app_user SET active = false WHERE role = 'admin' AND email NOT LIKE '%@demo.local'`;
    const moderator = await db.user.findUniqueOrThrow({ where: { email: "moderator@demo.local" } });
    const { token } = await issueTokenFor(moderator.id, "demo token");
    expect(await retireDemoUsers()).toEqual({
      deactivated: ["moderator@demo.local", "editor@demo.local", "staff@demo.local"],
      kept: ["admin@demo.local"],
    });
    expect(await userForToken(token)).toBeNull();
    await createUser({ email: "newsroom-admin@test.local", role: "admin" });
    expect(await retireDemoUsers()).toEqual({ deactivated: ["admin@demo.local"], kept: [] });
    expect(await db.user.count({ where: { email: { endsWith: "@demo.local" }, active: true } })).toBe(0);
    const logged = await pool.query("SELECT subject FROM activity_event WHERE action = 'deactivated a demo account' ORDER BY id");
    expect(logged.rows.map((r) => r.subject)).toEqual(["moderator@demo.local", "editor@demo.local", "staff@demo.local", "admin@demo.local"]);

    // Back in demo mode they sign in again, but an account whose password the newsroom changed is its own.
    const editor = await db.user.findUniqueOrThrow({ where: { email: "editor@demo.local" } });
    await ensureDemoUsers();
    expect(await db.user.count({ where: { email: { endsWith: "@demo.local" }, active: true } })).toBe(4);
    await resetPassword(editor.id);
    expect((await retireDemoUsers()).deactivated).toEqual(["admin@demo.local", "moderator@demo.local", "staff@demo.local"]);
    expect(await db.user.findUniqueOrThrow({ where: { id: editor.id } })).toMatchObject({ active: true });
  });
});
