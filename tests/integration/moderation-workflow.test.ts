import { describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db";
import {
  claimThread, countQueue, decideBulk, decideComment, decideComments, getCommenter, getThread, listAudit, listQueue, releaseThread, threadsNeedingAttention,
} from "@/lib/moderation";
import { ConflictError } from "@/lib/errors";
import { createUser } from "@/lib/auth/users";
import { getThresholds, setThresholds } from "@/lib/moderation/thresholds";
import { fetchLimit } from "@/lib/moderation/queue";
import { seedScored, type FixtureComment } from "../support/moderation-fixture";

const password = "long-enough-pw";

describe("concurrent decisions", () => {
  it("lets one of two simultaneous decisions through and refuses the other, logging both", async () => {
    const a = (await createUser({ email: "a@test.local", role: "moderator", password })).user;
    const b = (await createUser({ email: "b@test.local", role: "moderator", password })).user;
    const ids = await seedScored("race", [{ id: "race-1", incivility: 0.9 }]);
    const id = ids.get("race-1")!;
    const { modVersion } = await db.comment.findUniqueOrThrow({ where: { id } });
    const results = await Promise.allSettled([
      decideComment(id, { action: "approve", expectedVersion: modVersion }, { userId: a.id }),
      decideComment(id, { action: "reject", reason: "insult", expectedVersion: modVersion }, { userId: b.id }),
    ]);
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toBeInstanceOf(ConflictError);
    const log = await db.decision.findMany({ where: { commentId: id, userId: { not: null } }, orderBy: { id: "asc" } });
    expect(log.map((d) => d.applied).sort()).toEqual([false, true]);
    const winner = log.find((d) => d.applied)!;
    const final = await db.comment.findUniqueOrThrow({ where: { id } });
    expect(final.modStatus).toBe(winner.newStatus);
    expect(final.modVersion).toBe(modVersion + 1);
  });
});

describe("bulk decisions", () => {
  it("rejects 10,000 matching comments in one atomic statement after confirming the count", async () => {
    const moderator = (await createUser({ email: "bulk@test.local", role: "moderator", password })).user;
    const comments: FixtureComment[] = Array.from({ length: 10_000 }, (_, i) => ({ id: `bulk-${i}`, incivility: 0.6 + (i % 40) / 100 }));
    await seedScored("bulk", comments, { source: "bulk-site" });
    const filter = { status: "flagged" as const, source: "bulk-site" };
    const count = await countQueue(filter);
    expect(count).toBe(10_000);

    // A stale confirmation changes nothing.
    await expect(decideBulk({ action: "reject", reason: "spam", filter, expectedCount: 9_999 }, { userId: moderator.id })).rejects.toBeInstanceOf(ConflictError);
    expect(await countQueue(filter)).toBe(10_000);

    const result = await decideBulk({ action: "reject", reason: "spam", filter, expectedCount: count }, { userId: moderator.id });
    expect(result).toEqual({ applied: 10_000, conflicts: [], unchanged: [], skipped: [] });
    expect(await countQueue(filter)).toBe(0);
    expect(await countQueue({ status: "rejected", source: "bulk-site" })).toBe(10_000);
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n, count(DISTINCT d.comment_id)::int AS comments FROM decision d
       JOIN comment c ON c.id = d.comment_id JOIN source s ON s.id = c.source_id
       WHERE s.key = 'bulk-site' AND d.action = 'reject' AND d.user_id = $1 AND d.reason = 'spam' AND d.previous_status = 'flagged'`,
      [moderator.id],
    );
    expect(rows[0]).toEqual({ n: 10_000, comments: 10_000 });
  });

  it("applies a selection and reports the comments that changed meanwhile", async () => {
    const moderator = (await createUser({ email: "sel@test.local", role: "moderator", password })).user;
    const ids = await seedScored("sel", [{ id: "sel-1", incivility: 0.9 }, { id: "sel-2", incivility: 0.9 }]);
    const rows = await db.comment.findMany({ where: { id: { in: [...ids.values()] } }, select: { id: true, modVersion: true }, orderBy: { id: "asc" } });
    await decideComment(rows[1]!.id, { action: "approve", expectedVersion: rows[1]!.modVersion }, { userId: moderator.id });
    const result = await decideBulk({ action: "escalate", items: rows }, { userId: moderator.id });
    expect(result).toEqual({ applied: 1, conflicts: [rows[1]!.id], unchanged: [], skipped: [] });
  });
});

describe("queue pages", () => {
  it("pages through a queue by keyset without gaps or repeats", async () => {
    await seedScored("pages", Array.from({ length: 45 }, (_, i) => ({ id: `pg-${i}`, incivility: 0.5 + (i % 7) / 20 })), { source: "pages-site" });
    const seen: number[] = [];
    let after: string | undefined;
    for (let page = 0; page < 10; page++) {
      const result = await listQueue({ status: "flagged", source: "pages-site", limit: 10, after });
      seen.push(...result.items.map((i) => i.id));
      const priorities = result.items.map((i) => i.priority);
      expect(priorities).toEqual([...priorities].sort((x, y) => y - x));
      if (!result.next) break;
      after = result.next;
    }
    expect(seen).toHaveLength(45);
    expect(new Set(seen).size).toBe(45);
    // A page size between the prepared steps (7: read as 10) shows its own size and pages the same order.
    const sevens: number[] = [];
    after = undefined;
    for (let page = 0; page < 10; page++) {
      const result = await listQueue({ status: "flagged", source: "pages-site", limit: 7, after });
      expect(result.items.length).toBe(Math.min(7, 45 - sevens.length));
      sevens.push(...result.items.map((i) => i.id));
      if (!result.next) break;
      after = result.next;
    }
    expect(sevens).toEqual(seen);
    expect([1, 7, 10, 11, 50, 199, 200].map(fetchLimit)).toEqual([11, 11, 11, 26, 51, 201, 201]);
  });

  it("filters by an attribute at its flag threshold, and at the model's 0.5 when flagging on it is off", async () => {
    await seedScored("attr-filter", [
      { id: "af-high", incivility: 0.9, attributes: { insult: 0.7 } },
      { id: "af-low", incivility: 0.9, attributes: { insult: 0.3 } },
    ], { source: "attr-filter-site" });
    const shown = async () =>
      (await listQueue({ status: "flagged", source: "attr-filter-site", attribute: "insult", limit: 10 })).items.map((i) => i.body);
    const before = await getThresholds();
    try {
      await setThresholds({ insult: 0.8 });
      expect(await shown()).toEqual([]);
      await setThresholds({ insult: 0.25 });
      expect((await shown()).sort()).toEqual(["Comment af-high.", "Comment af-low."]);
      await setThresholds({ insult: 1 });
      expect(await shown()).toEqual(["Comment af-high."]);
    } finally {
      await setThresholds({ insult: before.insult });
    }
  });

  it("writes each item's fields as stored, escaping text and leaving unscored comments without a score", async () => {
    const body = 'He said "enough" \\ then left.\nSecond line 🙂 and a separator\u2028here, idiot.';
    const ids = await seedScored("fields", [
      { id: "fd-1", body, author: 'Ann "A" O\'Neil', incivility: 0.91, attributes: { insult: 0.8, threat: 0.1 } },
      { id: "fd-2", body: "Not scored yet.", incivility: 0.1 },
    ]);
    const [scored, unscored] = [ids.get("fd-1")!, ids.get("fd-2")!];
    const spans = [{ start: body.indexOf("idiot"), end: body.indexOf("idiot") + 5, attribute: "insult", weight: 0.4 }];
    await pool.query("UPDATE score SET spans = $2::jsonb, sentiment = -0.25, sentiment_label = 'negative' WHERE comment_id = $1", [scored, JSON.stringify(spans)]);
    await pool.query("DELETE FROM score WHERE comment_id = $1", [unscored]);
    const thread = await db.thread.findFirstOrThrow({ where: { key: "fields" } });

    const item = (await listQueue({ status: "flagged", thread: thread.id })).items[0]!;
    const stored = await db.comment.findUniqueOrThrow({ where: { id: scored } });
    const { breakdown, priority, ...rest } = item;
    expect(rest).toEqual({
      id: scored,
      modStatus: "flagged",
      modVersion: stored.modVersion,
      flagReasons: stored.flagReasons,
      authorName: 'Ann "A" O\'Neil',
      commenterId: stored.commenterId,
      body,
      postedAt: stored.postedAt.toISOString(),
      sourceStatus: "visible",
      parentInferred: false,
      thread: { id: thread.id, title: "Thread fields", claimedBy: null, premoderated: false },
      escalationNote: null,
      score: { incivility: 0.91, sentiment: -0.25, sentimentLabel: "negative", attributes: { insult: 0.8, threat: 0.1 }, spans },
    });
    const waitedDays = (Date.now() - stored.flaggedAt!.getTime()) / 86_400_000;
    expect(breakdown.incivility).toBeCloseTo(0.45 * 0.91, 12);
    expect(breakdown.severity).toBeCloseTo(0.25 * 0.8 * 0.6, 12);
    expect(breakdown.waitingDays).toBeCloseTo(waitedDays, 4);
    // The stored key plus 0.1 per day since the epoch (see priority.ts): priority now.
    expect(priority).toBeCloseTo(stored.priority + (0.1 * Date.now()) / 86_400_000, 4);

    const all = (await listQueue({ status: "all", thread: thread.id })).items;
    expect(all.find((i) => i.id === unscored)).toMatchObject({ score: null, breakdown: { incivility: 0, severity: 0, waitingDays: 0 } });
  });
});

describe("claims and audit", () => {
  it("lets one moderator claim a thread and shows who holds it", async () => {
    const a = (await createUser({ email: "claim-a@test.local", role: "moderator", password })).user;
    const b = (await createUser({ email: "claim-b@test.local", role: "moderator", password })).user;
    await seedScored("claimed", [{ id: "cl-1", incivility: 0.9 }]);
    const thread = await db.thread.findFirstOrThrow({ where: { key: "claimed" } });
    await claimThread(thread.id, a.id);
    await expect(claimThread(thread.id, b.id)).rejects.toThrow(/claim-a@test.local is working on this thread/);
    const item = (await listQueue({ status: "flagged", thread: thread.id })).items[0]!;
    expect(item.thread.claimedBy).toBe("claim-a@test.local");
    await releaseThread(thread.id, a.id);
    await claimThread(thread.id, b.id);

    // A claim left idle lapses: shown as nobody's, taken by another, and its old holder cannot release it.
    await pool.query("UPDATE thread SET claimed_at = now() - interval '31 minutes' WHERE id = $1", [thread.id]);
    expect((await listQueue({ status: "flagged", thread: thread.id })).items[0]!.thread.claimedBy).toBeNull();
    expect((await getThread(thread.id)).claimedBy).toBeNull();
    await claimThread(thread.id, a.id);
    await expect(releaseThread(thread.id, b.id)).rejects.toThrow(/your claim had lapsed: claim-a@test.local is working on this thread now/);
    // Deciding a comment of the thread keeps the claim alive.
    await pool.query("UPDATE thread SET claimed_at = now() - interval '29 minutes' WHERE id = $1", [thread.id]);
    await decideComment(item.id, { action: "approve", expectedVersion: item.modVersion }, { userId: a.id });
    const renewed = async () =>
      (await pool.query("SELECT claimed_at > now() - interval '1 minute' AS renewed FROM thread WHERE id = $1", [thread.id])).rows[0].renewed;
    expect(await renewed()).toBe(true);
    // A bulk decision renews it too.
    await pool.query("UPDATE thread SET claimed_at = now() - interval '29 minutes' WHERE id = $1", [thread.id]);
    const again = (await listQueue({ status: "approved", thread: thread.id })).items[0]!;
    await decideComments([{ id: again.id, modVersion: again.modVersion }], { action: "restore", userId: a.id });
    expect(await renewed()).toBe(true);
    await releaseThread(thread.id, a.id);
  });

  it("filters the audit log by moderator and action, with before and after states", async () => {
    const entries = (await listAudit({ moderator: "bulk@test.local", action: "reject", limit: 5 })).entries;
    expect(entries).toHaveLength(5);
    expect(entries.every((e) => e.by === "bulk@test.local" && e.action === "reject" && e.before === "flagged" && e.after === "rejected")).toBe(true);
    const system = (await listAudit({ moderator: "system", action: "flag", limit: 3 })).entries;
    // The rules flagged each of the 10,000 bulk comments, so a full page is there to check.
    expect(system).toHaveLength(3);
    expect(system.every((e) => e.by === null && e.after === "flagged")).toBe(true);
    // Part of an address finds the moderator too, ignoring case.
    expect((await listAudit({ moderator: "BULK@", action: "reject", limit: 5 })).entries.map((e) => e.id)).toEqual(entries.map((e) => e.id));
    expect((await listAudit({ moderator: "nobody-like-this", limit: 5 })).entries).toEqual([]);
  });

  it("lists the decisions on one commenter's comments", async () => {
    const ids = await seedScored("audit-commenter", [
      { id: "ac-1", author: "audited", incivility: 0.9 },
      { id: "ac-2", author: "audited", incivility: 0.9 },
      { id: "ac-3", author: "someone else", incivility: 0.9 },
    ]);
    const moderator = (await createUser({ email: "audit-commenter@test.local", role: "moderator", password })).user;
    const versions = await pool.query<{ id: number; mod_version: number }>("SELECT id, mod_version FROM comment WHERE id = ANY($1::int[])", [[...ids.values()]]);
    await decideComments(versions.rows.map((r) => ({ id: r.id, modVersion: r.mod_version })), { action: "approve", userId: moderator.id });
    const commenter = (await pool.query("SELECT commenter_id FROM comment WHERE id = $1", [ids.get("ac-1")])).rows[0].commenter_id;
    const entries = (await listAudit({ commenter: String(commenter), moderator: "audit-commenter@", limit: 10 })).entries;
    expect(entries.map((e) => e.comment.id).sort()).toEqual([ids.get("ac-1"), ids.get("ac-2")].sort());
  });

  it("counts a commenter's flagged comments whatever was decided since, and links each decision to its comment", async () => {
    const ids = await seedScored("commenter-figures", [
      { id: "cf-1", author: "figures", incivility: 0.9 },
      { id: "cf-2", author: "figures", incivility: 0.9 },
      { id: "cf-3", author: "figures", incivility: 0.1 },
    ]);
    const mod = (await createUser({ email: "figures@test.local", role: "moderator", password })).user;
    const version = async (id: number) => (await db.comment.findUniqueOrThrow({ where: { id } })).modVersion;
    for (const [key, action] of [["cf-1", "approve"], ["cf-2", "escalate"]] as const) {
      const id = ids.get(key)!;
      await decideComment(id, { action, expectedVersion: await version(id) }, { userId: mod.id });
    }
    const comment = await db.comment.findUniqueOrThrow({ where: { id: ids.get("cf-1")! } });
    const person = await getCommenter(comment.commenterId!, { timeZone: "UTC" });
    // One approved and one escalated: both were flagged. (Counting flagged + approved + rejected said one.)
    expect(person.stats).toMatchObject({ comments: 3, everFlagged: 2, approved: 1 });
    expect(person.decisions.map((d) => [d.commentId, d.threadId])).toEqual(
      expect.arrayContaining([[ids.get("cf-1"), comment.threadId], [ids.get("cf-2"), comment.threadId]]),
    );
  });

  it("filters the audit log by the newsroom's days, not the database's", async () => {
    const ids = await seedScored("audit-days", [{ id: "ad-1", incivility: 0.2 }]);
    const id = ids.get("ad-1")!;
    // 22:30 on 24 November in New York is 03:30 on the 25th in UTC.
    await pool.query(
      `INSERT INTO decision (comment_id, action, previous_status, new_status, previous_version, via, created_at)
       VALUES ($1, 'escalate', 'none', 'escalated', 0, 'ui', '2026-11-25T03:30:00Z')`,
      [id],
    );
    const { setTimezone } = await import("@/lib/analytics");
    await setTimezone("America/New_York");
    try {
      const on = async (day: string) => (await listAudit({ comment: String(id), from: day, to: day, limit: 10 })).entries.length;
      expect(await on("2026-11-24")).toBe(1);
      expect(await on("2026-11-25")).toBe(0);
    } finally {
      await setTimezone("UTC");
    }
  });
});

describe("escalation detection", () => {
  const base = new Date("2026-04-01T12:00:00Z").getTime();
  const at = (minutes: number) => new Date(base + minutes * 60_000);

  it("finds a flame war between two commenters and does not flag a calm long thread", async () => {
    const calm: FixtureComment[] = Array.from({ length: 60 }, (_, i) => ({
      id: `calm-${i}`,
      author: `calm reader ${i % 12}`,
      parent: i > 3 && i % 3 === 0 ? `calm-${i - 2}` : undefined,
      at: at(i * 20),
      incivility: 0.05 + (i % 5) / 50,
    }));
    await seedScored("calm", calm, { title: "Calm long thread", source: "esc-site" });

    const war: FixtureComment[] = [
      ...Array.from({ length: 10 }, (_, i) => ({ id: `war-${i}`, author: `reader ${i}`, at: at(i * 10), incivility: 0.05 })),
      { id: "war-a1", author: "Ana", at: at(120), incivility: 0.1 },
      { id: "war-b1", author: "Bram", parent: "war-a1", at: at(125), incivility: 0.3 },
      { id: "war-a2", author: "Ana", parent: "war-b1", at: at(130), incivility: 0.5 },
      { id: "war-b2", author: "Bram", parent: "war-a2", at: at(135), incivility: 0.7 },
      { id: "war-a3", author: "Ana", parent: "war-b2", at: at(140), incivility: 0.85 },
      { id: "war-b3", author: "Bram", parent: "war-a3", at: at(145), incivility: 0.95 },
    ];
    await seedScored("war", war, { title: "Flame war thread", source: "esc-site" });

    const attention = await threadsNeedingAttention();
    const titles = attention.map((t) => t.title);
    expect(titles).toContain("Flame war thread");
    expect(titles).not.toContain("Calm long thread");
    const flame = attention.find((t) => t.title === "Flame war thread")!;
    expect(flame.signals.map((s) => s.kind)).toEqual(expect.arrayContaining(["duel", "rising"]));
    expect(flame.signals.find((s) => s.kind === "duel")!.reason).toMatch(/Ana and Bram replied to each other 5 times/);
  });
});
