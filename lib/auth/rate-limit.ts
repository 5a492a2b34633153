import type { Pool, PoolClient } from "pg";
import { inTransaction, pool } from "@/lib/db";

/**
 * Failed sign-ins allowed per window. An account is locked for the address its failures came
 * from (guessing one password), so a stranger cannot lock a colleague out from elsewhere; and
 * for every address once failures from many add up (guessing from many machines). An address
 * is also locked after failures on many accounts (spraying one password). Without trusted
 * proxies every client is "unknown": the account's own limit then applies to all of them.
 */
export const SIGN_IN_LIMITS = { perAccount: 5, perAccountEverywhere: 50, perAddress: 20, windowMinutes: 15 } as const;

export class TooManyAttemptsError extends Error {
  constructor(readonly retryInMinutes: number) {
    super(`Too many failed sign-ins. Try again in ${retryInMinutes} minute${retryInMinutes === 1 ? "" : "s"}.`);
    this.name = "TooManyAttemptsError";
  }
}

/** Refused because too many sign-ins are being checked at once: no attempt was counted. */
export class SignInBusyError extends TooManyAttemptsError {
  constructor() {
    super(1);
    this.message = "Too many sign-ins at once right now. Try again in a minute.";
    this.name = "SignInBusyError";
  }
}

/** Sign-ins checked at once per web server, and waiting for their turn (see inSignInTurn). */
export const SIGN_IN_TURNS = { atOnce: 2, waiting: 32 } as const;
let checking = 0;
const queue: (() => void)[] = [];

/**
 * Runs a sign-in check (its limits, then the deliberately slow password hash) when one of a few
 * turns is free, and refuses it with SignInBusyError when too many already wait. Any email, known
 * or not, gets a full hash check: without a cap a flood of sign-ins with new addresses took both
 * cores and the thread pool the server reads files with, and with no trusted proxy no address
 * limit applies to it.
 */
export async function inSignInTurn<T>(work: () => Promise<T>): Promise<T> {
  if (checking < SIGN_IN_TURNS.atOnce) checking++;
  else if (queue.length >= SIGN_IN_TURNS.waiting) throw new SignInBusyError();
  else await new Promise<void>((resolve) => queue.push(resolve));
  try {
    return await work();
  } finally {
    // The turn passes straight to the next in line, or is given back.
    const next = queue.shift();
    if (next) next();
    else checking--;
  }
}

/**
 * Throws TooManyAttemptsError when the account (from this address, or from everywhere) or
 * the address has used up its failed attempts in the window. Counted in Postgres so every
 * web instance agrees.
 */
export async function assertSignInAllowed(email: string, ip: string, client: Pool | PoolClient = pool): Promise<void> {
  // "unknown" is every client without a proxy header: never counted as one address.
  const known = ip !== "unknown";
  // An account's failures an admin cleared (Unlock, Reset password) no longer lock it, but still
  // count against the address they came from: clearing one account hands a sprayer no new budget.
  const { rows } = await client.query<{
    here: number; everywhere: number; address: number; oldest_here: Date | null; oldest_everywhere: Date | null; oldest_address: Date | null;
  }>(
    `SELECT count(*) FILTER (WHERE email = $1 AND ip = $2 AND cleared_at IS NULL)::int AS here,
            count(*) FILTER (WHERE email = $1 AND cleared_at IS NULL)::int AS everywhere,
            count(*) FILTER (WHERE ip = $2 AND $4)::int AS address,
            min(created_at) FILTER (WHERE email = $1 AND ip = $2 AND cleared_at IS NULL) AS oldest_here,
            min(created_at) FILTER (WHERE email = $1 AND cleared_at IS NULL) AS oldest_everywhere,
            min(created_at) FILTER (WHERE ip = $2 AND $4) AS oldest_address
     FROM sign_in_failure
     WHERE (email = $1 OR (ip = $2 AND $4)) AND created_at > now() - make_interval(mins => $3)`,
    [email, ip, SIGN_IN_LIMITS.windowMinutes, known],
  );
  const r = rows[0]!;
  const blockedSince =
    r.here >= SIGN_IN_LIMITS.perAccount ? r.oldest_here
    : r.everywhere >= SIGN_IN_LIMITS.perAccountEverywhere ? r.oldest_everywhere
    : r.address >= SIGN_IN_LIMITS.perAddress ? r.oldest_address
    : null;
  if (!blockedSince) return;
  throw new TooManyAttemptsError(minutesLeft(blockedSince));
}

/**
 * Counts a sign-in attempt as failed before its password is checked, once the limits allow it.
 * Attempts on one account, and from one address, take their turn (advisory locks, the address's
 * first): each sees every attempt before it, so a burst of parallel guesses gets no more than the
 * limit, and a refused attempt writes nothing. Written first and deleted when refused, as before,
 * a flood of refused guesses from one address kept enough rows in the table at any moment to lock
 * the account's owner out from everywhere. A successful attempt clears its row afterwards.
 */
export async function beginSignInAttempt(email: string, ip: string): Promise<void> {
  await inTransaction(async (client) => {
    if (ip !== "unknown") await client.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [ADDRESS_LOCK_CLASS, ip]);
    await client.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [ACCOUNT_LOCK_CLASS, email]);
    await assertSignInAllowed(email, ip, client);
    await client.query("INSERT INTO sign_in_failure (email, ip) VALUES ($1, $2)", [email, ip]);
  });
  await pool.query("DELETE FROM sign_in_failure WHERE created_at < now() - interval '1 day'");
}

const ADDRESS_LOCK_CLASS = 0x51a1;
const ACCOUNT_LOCK_CLASS = 0x51a2;

export async function recordSignInFailure(email: string, ip: string): Promise<void> {
  await pool.query("INSERT INTO sign_in_failure (email, ip) VALUES ($1, $2)", [email, ip]);
  // Keep the table small: failures older than a day no longer matter.
  await pool.query("DELETE FROM sign_in_failure WHERE created_at < now() - interval '1 day'");
}

/**
 * Lifts an account's lock from everywhere: an admin's unlock or password reset. The failures stay
 * counted against the addresses they came from (see assertSignInAllowed).
 */
export async function clearSignInFailures(email: string, client: Pool | PoolClient = pool): Promise<void> {
  await client.query("UPDATE sign_in_failure SET cleared_at = now() WHERE email = $1 AND cleared_at IS NULL", [email]);
}

/**
 * A successful sign-in forgets the account's failures from its own address only: the owner
 * signing in elsewhere must not hand a stranger guessing from another address a fresh budget.
 */
export async function clearSignInFailuresFrom(email: string, ip: string): Promise<void> {
  await pool.query("DELETE FROM sign_in_failure WHERE email = $1 AND ip = $2", [email, ip]);
}

/** Accounts locked now by failed sign-ins (for some address, or for all), with the minutes left: email → minutes. */
export async function lockedAccounts(): Promise<Map<string, number>> {
  // The time left runs from the oldest failure of what locks it: an address's own, or all of them.
  const { rows } = await pool.query<{ email: string; oldest: Date }>(
    `SELECT email, CASE WHEN sum(n) >= $3 THEN min(oldest) ELSE min(oldest) FILTER (WHERE n >= $2) END AS oldest FROM (
       SELECT email, ip, count(*) AS n, min(created_at) AS oldest FROM sign_in_failure
       WHERE created_at > now() - make_interval(mins => $1) AND cleared_at IS NULL GROUP BY email, ip
     ) per_address
     GROUP BY email HAVING max(n) >= $2 OR sum(n) >= $3`,
    [SIGN_IN_LIMITS.windowMinutes, SIGN_IN_LIMITS.perAccount, SIGN_IN_LIMITS.perAccountEverywhere],
  );
  return new Map(rows.map((r) => [r.email, minutesLeft(r.oldest)]));
}

/** Whole minutes (at least one) until a lock that began with the failure at `since` lifts. */
function minutesLeft(since: Date): number {
  return Math.max(1, Math.ceil((since.getTime() + SIGN_IN_LIMITS.windowMinutes * 60_000 - Date.now()) / 60_000));
}
