import { describe, expect, it } from "vitest";
import { createUser, updateUser } from "@/lib/auth/users";
import { assertSignInAllowed, clearSignInFailures, lockedAccounts, recordSignInFailure, SIGN_IN_LIMITS, TooManyAttemptsError } from "@/lib/auth/rate-limit";
import { ConflictError } from "@/lib/errors";
import { pool } from "@/lib/db";
import { until } from "../support/until";

describe("sign-in rate limit", () => {
  it("blocks an account for the address its failures came from, and everywhere once many addresses fail", async () => {
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount - 1; i++) await recordSignInFailure("target@test.local", "10.0.0.9");
    await expect(assertSignInAllowed("target@test.local", "10.0.0.9")).resolves.toBeUndefined();
    await recordSignInFailure("target@test.local", "10.0.0.9");
    const refused = assertSignInAllowed("target@test.local", "10.0.0.9");
    await expect(refused).rejects.toBeInstanceOf(TooManyAttemptsError);
    await expect(refused).rejects.toThrow(/Try again in 15 minutes/);
    // The account's owner elsewhere, and other accounts, are not locked out by a stranger's guesses.
    await expect(assertSignInAllowed("target@test.local", "10.0.1.1")).resolves.toBeUndefined();
    await expect(assertSignInAllowed("other@test.local", "10.0.0.9")).resolves.toBeUndefined();
    expect((await lockedAccounts()).has("target@test.local")).toBe(true);
    // Guesses spread over many addresses lock the account everywhere.
    for (let i = 0; i < SIGN_IN_LIMITS.perAccountEverywhere - SIGN_IN_LIMITS.perAccount; i++) {
      await recordSignInFailure("target@test.local", `10.1.${Math.floor(i / 200)}.${i % 200}`);
    }
    await expect(assertSignInAllowed("target@test.local", "10.0.1.1")).rejects.toBeInstanceOf(TooManyAttemptsError);
    await clearSignInFailures("target@test.local");
    await expect(assertSignInAllowed("target@test.local", "10.0.0.9")).resolves.toBeUndefined();
    expect((await lockedAccounts()).has("target@test.local")).toBe(false);
  });

  it("forgets on a successful sign-in only the failures from the owner's own address", async () => {
    const { checkSignIn } = await import("@/lib/auth/options");
    await createUser({ email: "owner@test.local", role: "staff", password: "the owner's passphrase" });
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount; i++) await recordSignInFailure("owner@test.local", "10.9.9.9");
    await recordSignInFailure("owner@test.local", "10.0.0.1");
    await expect(checkSignIn({ email: "owner@test.local", password: "the owner's passphrase" }, "10.0.0.1")).resolves.toMatchObject({ email: "owner@test.local" });
    // The stranger at 10.9.9.9 gets no fresh budget from the owner's sign-in.
    await expect(assertSignInAllowed("owner@test.local", "10.9.9.9")).rejects.toBeInstanceOf(TooManyAttemptsError);
    const { rows } = await pool.query("SELECT ip FROM sign_in_failure WHERE email = 'owner@test.local' GROUP BY ip");
    expect(rows).toEqual([{ ip: "10.9.9.9" }]);
  });

  it("without trusted proxies, counts an account's failures from every client together", async () => {
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount; i++) await recordSignInFailure("shared@test.local", "unknown");
    await expect(assertSignInAllowed("shared@test.local", "unknown")).rejects.toBeInstanceOf(TooManyAttemptsError);
    await expect(assertSignInAllowed("someone-else@test.local", "unknown")).resolves.toBeUndefined();
  });

  it("lets no more than the limit of parallel guesses at one account reach the password check", async () => {
    const { checkSignIn } = await import("@/lib/auth/options");
    await createUser({ email: "burst@test.local", role: "staff", password: "the right passphrase" });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => checkSignIn({ email: "burst@test.local", password: `guess number ${i}` }, "unknown")),
    );
    const refused = outcomes.filter((o) => o.status === "rejected" && o.reason instanceof TooManyAttemptsError).length;
    const wrong = outcomes.filter((o) => o.status === "fulfilled" && o.value === null).length;
    // Checked before any failure was recorded, all twenty used to reach the (slow) password check.
    expect(wrong).toBeLessThanOrEqual(SIGN_IN_LIMITS.perAccount);
    expect(wrong + refused).toBe(20);
    // Only the guesses made are counted; the refused ones guessed nothing.
    const [{ n }] = (await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM sign_in_failure WHERE email = 'burst@test.local'")).rows as [{ n: number }];
    expect(n).toBe(wrong);
    await clearSignInFailures("burst@test.local");
    await expect(checkSignIn({ email: "burst@test.local", password: "the right passphrase" }, "unknown")).resolves.toMatchObject({ email: "burst@test.local" });
  });

  it("writes nothing for a refused attempt: a stranger's flood of refused guesses never locks the owner out elsewhere", async () => {
    const { beginSignInAttempt } = await import("@/lib/auth/rate-limit");
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount; i++) await beginSignInAttempt("flooded@test.local", "198.51.100.66");
    // Locked for the stranger's address; 80 more attempts in parallel are all refused.
    const flood = await Promise.allSettled(Array.from({ length: 80 }, () => beginSignInAttempt("flooded@test.local", "198.51.100.66")));
    expect(flood.every((o) => o.status === "rejected" && o.reason instanceof TooManyAttemptsError)).toBe(true);
    const { rows } = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM sign_in_failure WHERE email = 'flooded@test.local'");
    expect(rows[0]!.n).toBe(SIGN_IN_LIMITS.perAccount);
    // The owner, elsewhere, is not locked out, even while a flood goes on.
    const during = Promise.allSettled(Array.from({ length: 60 }, () => beginSignInAttempt("flooded@test.local", "198.51.100.66")));
    await expect(beginSignInAttempt("flooded@test.local", "192.0.2.10")).resolves.toBeUndefined();
    await during;
  });

  it("an admin's unlock lifts the account's lock but leaves the failures counted against the address", async () => {
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount; i++) await recordSignInFailure("unlocked@test.local", "203.0.113.50");
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress - SIGN_IN_LIMITS.perAccount; i++) await recordSignInFailure(`sprayed${i}@test.local`, "203.0.113.50");
    await expect(assertSignInAllowed("unlocked@test.local", "203.0.113.50")).rejects.toBeInstanceOf(TooManyAttemptsError);
    await clearSignInFailures("unlocked@test.local");
    expect((await lockedAccounts()).has("unlocked@test.local")).toBe(false);
    // The account is free from elsewhere; the spraying address is still at its limit, for every account.
    await expect(assertSignInAllowed("unlocked@test.local", "192.0.2.11")).resolves.toBeUndefined();
    await expect(assertSignInAllowed("another@test.local", "203.0.113.50")).rejects.toBeInstanceOf(TooManyAttemptsError);
  });

  it("checks a few sign-ins at a time and turns a flood away as busy, counting nothing for those", async () => {
    const { checkSignIn } = await import("@/lib/auth/options");
    const { SIGN_IN_TURNS, SignInBusyError } = await import("@/lib/auth/rate-limit");
    await createUser({ email: "calm@test.local", role: "staff", password: "a calm passphrase" });
    const flood = 100;
    const outcomes = await Promise.allSettled(
      Array.from({ length: flood }, (_, i) => checkSignIn({ email: `surge${i}@test.local`, password: "a wrong guess" }, "unknown")),
    );
    const busy = outcomes.filter((o) => o.status === "rejected" && o.reason instanceof SignInBusyError);
    const checked = outcomes.filter((o) => o.status === "fulfilled" && o.value === null).length;
    expect(outcomes.filter((o) => o.status === "rejected" && !(o.reason instanceof SignInBusyError)).map((o) => String((o as PromiseRejectedResult).reason))).toEqual([]);
    expect(checked).toBe(SIGN_IN_TURNS.atOnce + SIGN_IN_TURNS.waiting);
    expect(busy.length).toBe(flood - checked);
    expect((busy[0] as PromiseRejectedResult).reason.message).toBe("Too many sign-ins at once right now. Try again in a minute.");
    const { rows } = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM sign_in_failure WHERE email LIKE 'surge%@test.local'");
    expect(rows[0]!.n).toBe(checked);
    // Turns are given back: the next sign-in goes through.
    await expect(checkSignIn({ email: "calm@test.local", password: "a calm passphrase" }, "unknown")).resolves.toMatchObject({ email: "calm@test.local" });
  });

  it("blocks an address spraying many accounts, but never the shared 'unknown' address", async () => {
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress; i++) {
      await recordSignInFailure(`spray${i}@test.local`, "203.0.113.7");
      await recordSignInFailure(`spray${i}@test.local`, "unknown");
    }
    await expect(assertSignInAllowed("fresh@test.local", "203.0.113.7")).rejects.toBeInstanceOf(TooManyAttemptsError);
    await expect(assertSignInAllowed("fresh@test.local", "unknown")).resolves.toBeUndefined();
  });
});

describe("user administration", () => {
  it("never leaves the newsroom without an active admin", async () => {
    const { user: admin } = await createUser({ email: "only-admin@test.local", role: "admin" });
    await expect(updateUser(admin.id, { active: false })).rejects.toBeInstanceOf(ConflictError);
    await expect(updateUser(admin.id, { role: "editor" })).rejects.toBeInstanceOf(ConflictError);
    const { user: second } = await createUser({ email: "second-admin@test.local", role: "admin" });
    await expect(updateUser(admin.id, { role: "editor" })).resolves.toMatchObject({ role: "editor" });
    await expect(updateUser(second.id, { active: false })).rejects.toBeInstanceOf(ConflictError);
  });

  it("keeps one admin when two admins are demoted at the same moment", async () => {
    const { user: a } = await createUser({ email: "race-a@test.local", role: "admin" });
    const { user: b } = await createUser({ email: "race-b@test.local", role: "admin" });
    // second-admin from the test above is the third; take it out first so exactly two remain.
    const { db } = await import("@/lib/db");
    const others = await db.user.findMany({ where: { role: "admin", active: true, id: { notIn: [a.id, b.id] } }, select: { id: true } });
    for (const o of others) await updateUser(o.id, { role: "editor" });
    // B is being demoted in a transaction not yet committed when A's demotion starts.
    const { pool } = await import("@/lib/db");
    const other = await pool.connect();
    try {
      await other.query("BEGIN");
      await other.query("UPDATE app_user SET role = 'editor' WHERE id = $1", [b.id]);
      const [{ pid: otherPid }] = (await other.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows as [{ pid: number }];
      // Its outcome is taken at once: it may settle before the COMMIT below returns.
      const demoteA = updateUser(a.id, { role: "editor" }).then(() => null, (err: unknown) => err);
      // Only once A's demotion waits on B's uncommitted row have the two truly raced.
      await until(
        "the demotion of A to wait on the uncommitted demotion of B",
        async () =>
          (
            await pool.query(
              "SELECT 1 FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND wait_event_type = 'Lock' AND $1::int = ANY (pg_blocking_pids(pid))",
              [otherPid],
            )
          ).rowCount! > 0,
        20_000,
      );
      await other.query("COMMIT");
      expect(await demoteA).toBeInstanceOf(ConflictError);
    } finally {
      other.release();
    }
    expect(await db.user.count({ where: { role: "admin", active: true } })).toBe(1);
  });
});
