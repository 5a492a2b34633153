import { beforeAll, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db";
import { createUser } from "@/lib/auth/users";
import { decideComment, decideComments } from "@/lib/moderation/decide";
import { listQueue } from "@/lib/moderation/queue";
import { ConflictError, DomainError } from "@/lib/errors";
import { storeThread } from "../support/store-fixture";

let moderatorId: number;
let otherId: number;

beforeAll(async () => {
  moderatorId = (await createUser({ email: "mod@test.local", role: "moderator", password: "long-enough-pw" })).user.id;
  otherId = (await createUser({ email: "mod2@test.local", role: "moderator", password: "long-enough-pw" })).user.id;
  await storeThread("t1", [
    { id: "c1", body: "Thanks for this careful reporting." },
    { id: "c2", body: "Only an idiot would write this, you moron.", author: "angry" },
    { id: "c3", body: "Shut up, nobody cares, get lost." },
    { id: "c4", body: "A calm note that the source held back.", status: "pending" },
    { id: "c5", body: "You are a pathetic liar and a clown." },
  ]);
});

describe("flagging on import", () => {
  it("puts uncivil and source-pending comments in the flagged queue, highest priority first, with reasons", async () => {
    const { items } = await listQueue({ status: "flagged" });
    const bodies = items.map((i) => i.body);
    expect(bodies).toHaveLength(4);
    expect(bodies).not.toContain("Thanks for this careful reporting.");
    expect(items.map((i) => i.priority)).toEqual([...items.map((i) => i.priority)].sort((a, b) => b - a));
    const pending = items.find((i) => i.body.startsWith("A calm note"))!;
    expect(pending.flagReasons).toEqual(["pending at source"]);
    const idiot = items.find((i) => i.body.includes("idiot"))!;
    expect(idiot.flagReasons).toContain("over threshold");
    expect(idiot.score!.spans.filter((s) => s.attribute === "insult").map((s) => idiot.body.slice(s.start, s.end))).toEqual(["idiot", "moron"]);
    // Each flag is in the audit log as a system decision.
    expect(await db.decision.count({ where: { action: "flag", userId: null } })).toBe(4);
  });

  it("lists source-pending comments in the pending queue, but not pingbacks, which are never ranked", async () => {
    await storeThread("t-pings", [{ id: "p1", body: "Linked from another blog.", status: "pending" }]);
    await db.$executeRaw`UPDATE comment SET kind = 'pingback', mod_status = 'none', priority = 0 WHERE source_comment_id = 'p1'`;
    const { items } = await listQueue({ status: "pending" });
    expect(items.map((i) => i.body)).toEqual(["A calm note that the source held back."]);
  });
});

describe("deciding", () => {
  it("writes the status change and an audit row with the previous state", async () => {
    const comment = await db.comment.findFirstOrThrow({ where: { sourceCommentId: "c2" } });
    const result = await decideComment(comment.id, { action: "reject", reason: "insult", expectedVersion: comment.modVersion }, { userId: moderatorId });
    expect(result).toEqual({ id: comment.id, modStatus: "rejected", modVersion: comment.modVersion + 1 });
    const log = await db.decision.findMany({ where: { commentId: comment.id }, orderBy: { id: "asc" } });
    expect(log.map((d) => [d.action, d.previousStatus, d.newStatus, d.applied, d.userId])).toEqual([
      ["flag", "none", "flagged", true, null],
      ["reject", "flagged", "rejected", true, moderatorId],
    ]);
    expect(log[1]!.reason).toBe("insult");
    const { items } = await listQueue({ status: "rejected" });
    expect(items.map((i) => i.id)).toEqual([comment.id]);
  });

  it("refuses a decision on a comment changed since it was loaded, and logs the attempt", async () => {
    const comment = await db.comment.findFirstOrThrow({ where: { sourceCommentId: "c3" } });
    const loaded = comment.modVersion;
    await decideComment(comment.id, { action: "approve", expectedVersion: loaded }, { userId: otherId });
    await expect(
      decideComment(comment.id, { action: "reject", reason: "insult", expectedVersion: loaded }, { userId: moderatorId }),
    ).rejects.toBeInstanceOf(ConflictError);
    const after = await db.comment.findUniqueOrThrow({ where: { id: comment.id } });
    expect(after.modStatus).toBe("approved");
    const attempts = await db.decision.findMany({ where: { commentId: comment.id, action: { not: "flag" } }, orderBy: { id: "asc" } });
    expect(attempts.map((d) => [d.userId, d.action, d.applied])).toEqual([
      [otherId, "approve", true],
      [moderatorId, "reject", false],
    ]);
  });

  it("waits for a comment another transaction holds, then answers 503 \"try again\" when it waits too long, changing nothing", async () => {
    await storeThread("t-locked", [{ id: "locked-1", body: "You are a clown and a liar." }]);
    const comment = await db.comment.findFirstOrThrow({ where: { sourceCommentId: "locked-1" } });
    const holder = await pool.connect();
    try {
      // An import or a bulk decision writing this comment holds its row until it commits.
      await holder.query("BEGIN");
      await holder.query("SELECT id FROM comment WHERE id = $1 FOR UPDATE", [comment.id]);
      const refused = await decideComment(comment.id, { action: "approve", expectedVersion: comment.modVersion }, { userId: moderatorId }).catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(DomainError);
      expect(refused).toMatchObject({ status: 503, message: expect.stringMatching(/being changed .* try again/) });
      await holder.query("ROLLBACK");
      // Released within the wait: the decision goes through.
      await holder.query("BEGIN");
      await holder.query("SELECT id FROM comment WHERE id = $1 FOR UPDATE", [comment.id]);
      const decided = decideComment(comment.id, { action: "approve", expectedVersion: comment.modVersion }, { userId: moderatorId });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await holder.query("COMMIT");
      await expect(decided).resolves.toMatchObject({ modStatus: "approved", modVersion: comment.modVersion + 1 });
    } finally {
      await holder.query("ROLLBACK").catch(() => {});
      holder.release();
    }
  }, 30_000);

  it("gives a bulk decision the same few seconds' wait for rows another transaction holds, then 503 with nothing changed", async () => {
    await storeThread("t-locked-bulk", [
      { id: "locked-b1", body: "You are a clown." },
      { id: "locked-b2", body: "You are a liar." },
    ]);
    const comments = await db.comment.findMany({ where: { sourceCommentId: { in: ["locked-b1", "locked-b2"] } }, orderBy: { id: "asc" } });
    const targets = comments.map((c) => ({ id: c.id, modVersion: c.modVersion }));
    const logged = await db.decision.count();
    const holder = await pool.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT id FROM comment WHERE id = $1 FOR UPDATE", [comments[1]!.id]);
      const started = Date.now();
      const refused = await decideComments(targets, { action: "approve", userId: moderatorId }).catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(DomainError);
      expect(refused).toMatchObject({ status: 503, message: expect.stringMatching(/being changed .* try again/) });
      expect(Date.now() - started).toBeLessThan(20_000);
      // The unlocked comment was not decided alone: the statement is one transaction.
      const after = await db.comment.findMany({ where: { id: { in: targets.map((t) => t.id) } }, orderBy: { id: "asc" } });
      expect(after.map((c) => [c.modStatus, c.modVersion])).toEqual(comments.map((c) => [c.modStatus, c.modVersion]));
      expect(await db.decision.count()).toBe(logged);
    } finally {
      await holder.query("ROLLBACK").catch(() => {});
      holder.release();
    }
    await expect(decideComments(targets, { action: "approve", userId: moderatorId })).resolves.toMatchObject({ applied: 2 });
  }, 30_000);

  it("refuses a decision that would change nothing, without an audit row; a rejection may restate its reason", async () => {
    const comment = await db.comment.findFirstOrThrow({ where: { sourceCommentId: "c3" } });
    expect(comment.modStatus).toBe("approved");
    const logged = await db.decision.count({ where: { commentId: comment.id } });
    await expect(
      decideComment(comment.id, { action: "approve", expectedVersion: comment.modVersion }, { userId: moderatorId }),
    ).rejects.toThrow(`comment ${comment.id} is already approved: nothing to change`);
    expect(await db.decision.count({ where: { commentId: comment.id } })).toBe(logged);
    expect((await db.comment.findUniqueOrThrow({ where: { id: comment.id } })).modVersion).toBe(comment.modVersion);

    const rejected = await db.comment.findFirstOrThrow({ where: { sourceCommentId: "c2" } });
    expect(rejected.modStatus).toBe("rejected");
    const again = await decideComment(rejected.id, { action: "reject", reason: "spam", expectedVersion: rejected.modVersion }, { userId: moderatorId });
    expect(again.modStatus).toBe("rejected");
    expect((await db.decision.findFirstOrThrow({ where: { commentId: rejected.id }, orderBy: { id: "desc" } })).reason).toBe("spam");
  });

  it("shows an escalated comment's note in the escalated queue, and no note elsewhere", async () => {
    const comment = await db.comment.findFirstOrThrow({ where: { sourceCommentId: "c5" } });
    await decideComment(comment.id, { action: "escalate", note: "names a private person", expectedVersion: comment.modVersion }, { userId: moderatorId });
    const { items } = await listQueue({ status: "escalated" });
    expect(items.find((i) => i.id === comment.id)!.escalationNote).toBe("names a private person");
    const flagged = await listQueue({ status: "flagged" });
    expect(flagged.items.length).toBeGreaterThan(0);
    expect(flagged.items.every((i) => i.escalationNote === null)).toBe(true);
    // Back to flagged for the tests below.
    const escalated = await db.comment.findUniqueOrThrow({ where: { id: comment.id } });
    await decideComment(comment.id, { action: "restore", expectedVersion: escalated.modVersion }, { userId: moderatorId });
    // Its escalation stays in the log, but once out of the escalated queue its note is not shown.
    const restored = (await listQueue({ status: "flagged" })).items.find((i) => i.id === comment.id);
    expect(restored).toMatchObject({ escalationNote: null });
  });

  it("applies bulk decisions set-based and reports the comments that moved on", async () => {
    const targets = await db.comment.findMany({
      where: { sourceCommentId: { in: ["c4", "c5"] } },
      select: { id: true, modVersion: true },
      orderBy: { id: "asc" },
    });
    const stale = { ...targets[1]!, modVersion: targets[1]!.modVersion - 1 };
    const result = await decideComments([targets[0]!, stale], { action: "approve", userId: moderatorId });
    expect(result).toEqual({ applied: 1, conflicts: [stale.id], unchanged: [], skipped: [] });
    const statuses = await db.comment.findMany({ where: { id: { in: targets.map((t) => t.id) } }, select: { id: true, modStatus: true }, orderBy: { id: "asc" } });
    expect(statuses.map((s) => s.modStatus)).toEqual(["approved", "flagged"]);
    expect(await db.decision.count({ where: { commentId: targets[0]!.id, action: "approve", previousStatus: "flagged" } })).toBe(1);

    // Approving them again changes nothing: the approved one is left alone and unlogged, the flagged one approved.
    const now = await db.comment.findMany({ where: { id: { in: targets.map((t) => t.id) } }, select: { id: true, modVersion: true }, orderBy: { id: "asc" } });
    const logged = await db.decision.count();
    const again = await decideComments(now, { action: "approve", userId: moderatorId });
    expect(again).toEqual({ applied: 1, conflicts: [], unchanged: [now[0]!.id], skipped: [] });
    expect(await db.decision.count()).toBe(logged + 1);
  });
});
