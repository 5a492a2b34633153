import { db } from "@/lib/db";
import { storeComments } from "@/lib/ingest/store";
import { createUser, updateUser } from "@/lib/auth/users";
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

/** Creates the demo users that don't exist yet. */
export async function ensureDemoUsers(): Promise<void> {
  for (const u of DEMO_USERS) {
    const exists = await db.user.findUnique({ where: { email: u.email }, select: { id: true } });
    if (!exists) await createUser({ email: u.email, role: u.role, password: u.password, name: `Demo ${u.role}` });
  }
}

/**
 * Outside demo mode, the demo accounts (whose passwords are published) are deactivated, with
 * their tokens and sessions, as any deactivation does. The last active admin is kept: the
 * caller says so, and the newsroom makes an admin of its own first. Returns what it did.
 */
export async function retireDemoUsers(): Promise<{ deactivated: string[]; kept: string[] }> {
  const deactivated: string[] = [];
  const kept: string[] = [];
  const active = await db.user.findMany({ where: { email: { in: DEMO_USERS.map((u) => u.email) }, active: true }, select: { id: true, email: true }, orderBy: { id: "asc" } });
  for (const user of active) {
    try {
      await updateUser(user.id, { active: false });
      deactivated.push(user.email);
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      kept.push(user.email);
    }
  }
  return { deactivated, kept };
}

/** True when no comment has ever been stored. */
export async function isDatabaseEmpty(): Promise<boolean> {
  return (await db.comment.count({ take: 1 })) === 0;
}

/**
 * Loads generated demo threads for both sources through the regular store step
 * (so they are scored and flagged like imports), then records a few moderator
 * decisions so the audit log and charts have something to show.
 */
export async function seedDemoData(options: DemoOptions = {}): Promise<{ comments: number; flagged: number }> {
  const plan = planDemo(options);
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
    const oldestFlagged = await db.comment.findMany({
      where: { modStatus: "flagged" },
      orderBy: { postedAt: "asc" },
      take: 30,
      select: { id: true, modVersion: true, priority: true },
    });
    const reject = oldestFlagged.filter((c) => c.priority >= 0.7).slice(0, 10);
    const approve = oldestFlagged.filter((c) => c.priority < 0.7).slice(0, 10);
    if (reject.length) await decideComments(reject, { action: "reject", reason: "insult", userId: moderator.id, via: "demo" });
    if (approve.length) await decideComments(approve, { action: "approve", userId: moderator.id, via: "demo" });
  }
  return { comments, flagged };
}
