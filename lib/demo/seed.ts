import { db } from "@/lib/db";
import { storeComments } from "@/lib/ingest/store";
import { createUser, updateUser } from "@/lib/auth/users";
import { verifyPassword } from "@/lib/auth/password";
import { recordCliActivity } from "@/lib/activity";
import { ConflictError } from "@/lib/errors";
import type { Role } from "@/lib/auth/roles";
import { decideComments } from "@/lib/moderation/decide";
import { demoComments, planDemo, type DemoOptions } from "./generate";

export const DEMO_USERS: { email: string; role: Role; password: string }[] = [
  { email: "admin@demo.local", role: "admin", password: "demo-admin-pass" },
  { email: "moderator@demo.local", role: "moderator", password: "demo-moderator-pass" },
  { email: "editor@demo.local", role: "editor", password: "demo-editor-pass" },
  { email: "staff@demo.local", role: "staff", password: "demo-staff-pass" },
];

/**
 * The demo account of `email` if it is in the state `active` and still signs in with the password
 * this file publishes. The state is checked first: the password check (argon2) runs at every
 * start, and only for an account that would change.
 */
async function demoAccount(email: string, active: boolean): Promise<{ id: number } | null> {
  const user = await db.user.findUnique({ where: { email }, select: { id: true, active: true, passwordHash: true } });
  if (!user || user.active !== active) return null;
  const published = DEMO_USERS.find((u) => u.email === email)!.password;
  return (await verifyPassword(user.passwordHash, published)) ? { id: user.id } : null;
}

/**
 * Creates the demo users that don't exist yet, and brings back those a start outside demo mode
 * retired (their password still the published one: one an admin changed is theirs to manage).
 */
export async function ensureDemoUsers(): Promise<void> {
  for (const u of DEMO_USERS) {
    const exists = await db.user.findUnique({ where: { email: u.email }, select: { id: true } });
    if (!exists) {
      await createUser({ email: u.email, role: u.role, password: u.password, name: `Demo ${u.role}` });
      continue;
    }
    const retired = await demoAccount(u.email, false);
    if (retired) {
      await updateUser(retired.id, { active: true });
      await recordCliActivity("reactivated a demo account", u.email, { reason: "demo mode is on" });
    }
  }
}

/**
 * Outside demo mode, the demo accounts that still have their published passwords are deactivated,
 * with their tokens and sessions, as any deactivation does; an account whose password was changed
 * is the newsroom's own and is left alone. The last active admin is kept: the caller says so, and
 * the newsroom makes an admin of its own first. Returns what it did; each deactivation is logged.
 */
export async function retireDemoUsers(): Promise<{ deactivated: string[]; kept: string[] }> {
  const deactivated: string[] = [];
  const kept: string[] = [];
  for (const { email } of DEMO_USERS) {
    const published = await demoAccount(email, true);
    if (!published) continue;
    try {
      await updateUser(published.id, { active: false });
      deactivated.push(email);
      await recordCliActivity("deactivated a demo account", email, { reason: "demo mode is off and its password is published" });
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      kept.push(email);
    }
  }
  return { deactivated, kept };
}

/** True when no comment has ever been stored. */
export async function isDatabaseEmpty(): Promise<boolean> {
  return (await db.comment.count({ take: 1 })) === 0;
}

/** Marks demo seeding begun and done, so a start after one cut short (Ctrl-C, a full disk) finishes it. */
const SEED_MARK = "demo.seed";

/**
 * Whether `npm start` seeds demo data: into an empty database, or to finish a seeding cut short.
 * A database with comments and no mark (a newsroom's own, or one seeded before the mark) is left alone.
 */
export async function demoSeedDue(): Promise<"empty" | "interrupted" | null> {
  if (await isDatabaseEmpty()) return "empty";
  const mark = await db.setting.findUnique({ where: { key: SEED_MARK } });
  return (mark?.value as { state?: string } | undefined)?.state === "started" ? "interrupted" : null;
}

/**
 * Loads generated demo threads for both sources through the regular store step
 * (so they are scored and flagged like imports), then records a few moderator
 * decisions so the audit log and charts have something to show. Run again after being cut
 * short, it ends as a whole run does: storing is idempotent, and the decisions are made once.
 */
export async function seedDemoData(options: DemoOptions = {}): Promise<{ comments: number; flagged: number }> {
  // A run finishing one cut short generates the same comments: the same end date, so none is rewritten.
  const mark = await db.setting.findUnique({ where: { key: SEED_MARK } });
  const begun = mark?.value as { state?: string; end?: string } | undefined;
  const end = options.end ?? (begun?.state === "started" && begun.end ? new Date(begun.end) : undefined);
  const plan = planDemo({ ...options, end });
  await markSeed({ state: "started", end: plan.end.toISOString() });
  let comments = 0;
  let flagged = 0;
  for (let s = 0; s < plan.sources.length; s++) {
    const demo = plan.sources[s]!;
    const result = await storeComments({ source: demo.source, threads: demo.threads, comments: demoComments(plan, s) });
    comments += result.comments;
    flagged += result.flagged;
  }
  const moderator = await db.user.findUnique({ where: { email: "moderator@demo.local" }, select: { id: true } });
  if (moderator) {
    // Each kind once: a run cut short after the rejections makes only the approvals.
    const done = new Set((await db.decision.findMany({ where: { via: "demo" }, distinct: ["action"], select: { action: true } })).map((d) => d.action));
    const oldestFlagged = await db.comment.findMany({
      where: { modStatus: "flagged" },
      orderBy: [{ postedAt: "asc" }, { id: "asc" }],
      take: 30,
      select: { id: true, modVersion: true, scores: { select: { incivility: true } } },
    });
    // The clearly uncivil are rejected, the rest approved (the queue's priority mixes in age: not a verdict).
    const uncivil = (c: (typeof oldestFlagged)[number]) => c.scores.some((s) => s.incivility >= 0.7);
    const reject = oldestFlagged.filter(uncivil).slice(0, 10);
    const approve = oldestFlagged.filter((c) => !uncivil(c)).slice(0, 10);
    if (reject.length && !done.has("reject")) await decideComments(reject, { action: "reject", reason: "insult", userId: moderator.id, via: "demo" });
    if (approve.length && !done.has("approve")) await decideComments(approve, { action: "approve", userId: moderator.id, via: "demo" });
  }
  await markSeed({ state: "done" });
  return { comments, flagged };
}

async function markSeed(value: { state: "started" | "done"; end?: string }): Promise<void> {
  await db.setting.upsert({ where: { key: SEED_MARK }, create: { key: SEED_MARK, value }, update: { value } });
}
