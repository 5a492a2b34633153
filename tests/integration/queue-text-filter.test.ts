import { describe, expect, it } from "vitest";
import { countQueue, countQueueUpTo, decideBulk, decideComment, listQueue, matchingSet, queueFilterSchema } from "@/lib/moderation";
import { pool } from "@/lib/db";
import { ConflictError } from "@/lib/errors";
import { createUser } from "@/lib/auth/users";
import { seedScored } from "../support/moderation-fixture";

describe("the queue's text filter", () => {
  it("finds comments containing the text, ignoring case, with % and _ taken literally, and bulk decisions follow it", async () => {
    await seedScored("spam-wave", [
      { id: "s1", body: "Cheap pills at WWW.PILLS-4-U.example now", incivility: 0.7 },
      { id: "s2", body: "Order today: www.pills-4-u.example", incivility: 0.65 },
      { id: "s3", body: "I disagree with the pills policy.", incivility: 0.62 },
      { id: "s4", body: "Prices up 100% since_2020, a disgrace", incivility: 0.8 },
    ]);
    const filter = (text: string) => queueFilterSchema.parse({ status: "flagged", text });
    expect(await countQueue(filter("pills-4-u.example"))).toBe(2);
    expect(await countQueue(filter("PILLS"))).toBe(3);
    expect(await countQueue(filter("100%"))).toBe(1);
    expect(await countQueue(filter("%"))).toBe(1);
    expect(await countQueue(filter("e_2"))).toBe(1);
    expect(await countQueue(filter("since 2020"))).toBe(0);
    // Counted up to a cap, one past it meaning more.
    expect(await countQueueUpTo(filter("PILLS"), 5)).toBe(3);
    expect(await countQueueUpTo(filter("PILLS"), 2)).toBe(3);
    expect(await countQueueUpTo(filter("PILLS"), 1)).toBe(2);
    // A filter on the score looks it up: s1 (0.7) and s2 (0.65) are at least 0.65, s3 (0.62) is not.
    expect(await countQueueUpTo(queueFilterSchema.parse({ status: "flagged", text: "PILLS", min: 0.65 }), 5)).toBe(2);
    expect(await countQueueUpTo(queueFilterSchema.parse({ status: "pending", text: "PILLS" }), 5)).toBe(0);
    const page = await listQueue({ ...filter("pills-4-u"), limit: 50 });
    expect(page.items.map((i) => i.body).sort()).toEqual(["Cheap pills at WWW.PILLS-4-U.example now", "Order today: www.pills-4-u.example"]);

    const moderator = (await createUser({ email: "spam@test.local", role: "moderator", password: "long-enough-pw" })).user;
    const result = await decideBulk({ action: "reject", reason: "spam", filter: filter("pills-4-u.example"), expectedCount: 2 }, { userId: moderator.id });
    expect(result.applied).toBe(2);
    expect(await countQueue(queueFilterSchema.parse({ status: "rejected" }))).toBe(2);
    expect(await countQueue(queueFilterSchema.parse({ status: "flagged" }))).toBe(2);
  });

  it("on the All tab, a bulk decision leaves decided comments alone: they take only restore", async () => {
    const ids = await seedScored("threat-wave", [
      { id: "t1", body: "Watch your back, councillor.", incivility: 0.9 },
      { id: "t2", body: "watch your back out there on the ice", incivility: 0.55 },
    ]);
    const moderator = (await createUser({ email: "all-tab@test.local", role: "moderator", password: "long-enough-pw" })).user;
    const [threat] = (await listQueue({ ...queueFilterSchema.parse({ status: "flagged", text: "councillor" }), limit: 1 })).items;
    const rejected = await decideBulk({ action: "reject", reason: "threat", items: [{ id: threat!.id, modVersion: threat!.modVersion }] }, { userId: moderator.id });
    expect(rejected.applied).toBe(1);
    const all = queueFilterSchema.parse({ status: "all", text: "watch your back" });
    expect(await countQueue(all)).toBe(2);
    const approved = await decideBulk({ action: "approve", filter: all, expectedCount: 2 }, { userId: moderator.id });
    expect(approved).toMatchObject({ applied: 1, conflicts: [], unchanged: [], skipped: [ids.get("t1")] });
    expect(await countQueue(queueFilterSchema.parse({ status: "rejected", text: "councillor" }))).toBe(1);
    // Rejecting again in bulk neither restates nor re-logs; restore is what a decided comment takes.
    const again = await decideBulk({ action: "reject", reason: "spam", filter: all, expectedCount: 2 }, { userId: moderator.id });
    expect(again).toMatchObject({ applied: 0, unchanged: [ids.get("t1")], skipped: [ids.get("t2")] });
    const restored = await decideBulk({ action: "restore", filter: all, expectedCount: 2 }, { userId: moderator.id });
    expect(restored).toMatchObject({ applied: 2, skipped: [] });
  });

  it("one at a time, a decided comment takes only restore (a rejection may restate its reason)", async () => {
    const ids = await seedScored("single", [{ id: "one-1", body: "You absolute clown.", incivility: 0.9 }]);
    const moderator = (await createUser({ email: "single@test.local", role: "moderator", password: "long-enough-pw" })).user;
    const id = ids.get("one-1")!;
    const version = async () => (await listQueue({ ...queueFilterSchema.parse({ status: "all", text: "absolute clown" }), limit: 1 })).items[0]!.modVersion;
    await decideComment(id, { action: "reject", reason: "insult", expectedVersion: await version() }, { userId: moderator.id });
    await expect(decideComment(id, { action: "approve", expectedVersion: await version() }, { userId: moderator.id })).rejects.toThrow(
      /is rejected: it takes restore, not approve/,
    );
    await expect(decideComment(id, { action: "escalate", expectedVersion: await version() }, { userId: moderator.id })).rejects.toBeInstanceOf(ConflictError);
    await decideComment(id, { action: "reject", reason: "threat", expectedVersion: await version() }, { userId: moderator.id });
    await decideComment(id, { action: "restore", expectedVersion: await version() }, { userId: moderator.id });
    await decideComment(id, { action: "approve", expectedVersion: await version() }, { userId: moderator.id });
  });

  it("refuses to count or decide all matching past 100,000 comments", async () => {
    const ids = await seedScored("cap", [{ id: "cap-0", body: "Capped wave", incivility: 0.9 }], { source: "cap-site" });
    const first = ids.get("cap-0")!;
    // 100,000 more flagged copies in the same thread, written directly and without the rollup triggers
    // (an import would take minutes); removed the same way, so no rollup ever counts them.
    const direct = await pool.connect();
    const removeCopies = () =>
      direct.query("DELETE FROM comment WHERE thread_id = (SELECT thread_id FROM comment WHERE id = $1) AND id <> $1", [first]);
    try {
      await direct.query("SET session_replication_role = replica");
      await direct.query(
        `INSERT INTO comment (source_id, thread_id, source_comment_id, author_name, body, posted_at, content_hash, mod_status, flagged_at)
         SELECT c.source_id, c.thread_id, 'cap-' || n, c.author_name, c.body, c.posted_at, 'x', 'flagged', now()
         FROM comment c, generate_series(1, 100000) AS n WHERE c.id = $1`,
        [first],
      );
      const filter = queueFilterSchema.parse({ status: "flagged", source: "cap-site" });
      await expect(matchingSet(filter)).rejects.toThrow("more than 100,000 comments match: narrow the filter");
      const moderator = (await createUser({ email: "cap@test.local", role: "moderator", password: "long-enough-pw" })).user;
      await expect(decideBulk({ action: "reject", reason: "spam", filter, expectedCount: 100_001 }, { userId: moderator.id })).rejects.toThrow(
        "more than 100,000 comments match",
      );
      await removeCopies();
      expect(await matchingSet(filter)).toMatchObject({ count: 1 });
    } finally {
      await removeCopies();
      await direct.query("RESET session_replication_role");
      direct.release();
    }
  });

  it("refuses a bulk decision on all matching when the set changed though its size did not", async () => {
    const ids = await seedScored("swap", [
      { id: "w1", body: "Swap wave one", incivility: 0.9 },
      { id: "w2", body: "Swap wave two", incivility: 0.9 },
      { id: "w3", body: "Swap wave three", incivility: 0.9 },
    ]);
    const moderator = (await createUser({ email: "swap@test.local", role: "moderator", password: "long-enough-pw" })).user;
    const filter = queueFilterSchema.parse({ status: "flagged", text: "swap wave" });
    // w3 comes in only after the moderator's confirmation, while a colleague approves w1.
    await pool.query("UPDATE comment SET mod_status = 'none' WHERE id = $1", [ids.get("w3")]);
    const seen = await matchingSet(filter);
    expect(seen.count).toBe(2);
    const w1 = ids.get("w1")!;
    const v1 = (await pool.query("SELECT mod_version FROM comment WHERE id = $1", [w1])).rows[0].mod_version;
    await decideComment(w1, { action: "approve", expectedVersion: v1 }, { userId: moderator.id });
    await pool.query("UPDATE comment SET mod_status = 'flagged' WHERE id = $1", [ids.get("w3")]);
    expect((await matchingSet(filter)).count).toBe(2);
    const refused = decideBulk({ action: "reject", reason: "spam", filter, expectedCount: seen.count, expectedDigest: seen.digest }, { userId: moderator.id });
    await expect(refused).rejects.toThrow(/not the ones you confirmed/);
    const again = await matchingSet(filter);
    expect(again.digest).not.toBe(seen.digest);
    const result = await decideBulk({ action: "reject", reason: "spam", filter, expectedCount: again.count, expectedDigest: again.digest }, { userId: moderator.id });
    expect(result.applied).toBe(2);
  });

  it("refuses an empty or overlong text", () => {
    expect(queueFilterSchema.safeParse({ text: "   " }).success).toBe(false);
    expect(queueFilterSchema.safeParse({ text: "x".repeat(1000) }).success).toBe(true);
    expect(queueFilterSchema.safeParse({ text: "x".repeat(1001) }).success).toBe(false);
  });
});
