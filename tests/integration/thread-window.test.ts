import { beforeAll, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db";
import { getThread } from "@/lib/moderation";
import { storeThread } from "../support/store-fixture";

// A thread longer than the page shows whole (2,000 comments), one comment a minute, each replying to the one before.
const TOTAL = 2500;
let threadId: number;
const idOf = async (sourceId: string) => (await db.comment.findFirstOrThrow({ where: { sourceCommentId: sourceId }, select: { id: true } })).id;

beforeAll(async () => {
  await storeThread("long", Array.from({ length: TOTAL }, (_, i) => ({ id: `n${i}`, body: `Point number ${i + 1} about the harbour.`, parent: i ? `n${i - 1}` : undefined })));
  await storeThread("other", [{ id: "elsewhere", body: "A comment in another thread." }]);
  threadId = (await db.thread.findFirstOrThrow({ where: { key: "long" }, select: { id: true } })).id;
}, 120_000);

describe("a long thread", () => {
  it("shows its first 2,000 comments, or the 2,000 around the comment a link opens", async () => {
    const late = await idOf("n2399");
    const first = await getThread(threadId);
    expect(first).toMatchObject({ total: TOTAL, offset: 0, truncated: true });
    expect(first.comments).toHaveLength(2000);
    expect(first.comments.some((c) => c.id === late)).toBe(false);

    const around = await getThread(threadId, "UTC", late);
    // 2,399 comments come before it: the window starts 1,000 earlier, but no later than the last 2,000.
    expect(around).toMatchObject({ total: TOTAL, offset: 500, truncated: true });
    expect(around.comments).toHaveLength(2000);
    expect(around.comments.some((c) => c.id === late)).toBe(true);
    // Replies whose parents fall before the window start the tree.
    expect(around.comments[0]!.depth).toBe(0);

    const middle = await getThread(threadId, "UTC", await idOf("n1200"));
    expect(middle.offset).toBe(200);
    // A comment of another thread is no reason to move.
    expect((await getThread(threadId, "UTC", await idOf("elsewhere"))).offset).toBe(0);

    // The latest 2,000, where a busy story is heating up.
    const latest = await getThread(threadId, "UTC", "latest");
    expect(latest).toMatchObject({ total: TOTAL, offset: 500, truncated: true });
    expect(latest.comments.some((c) => c.id === late)).toBe(true);
    const newest = await idOf("n2499");
    expect(latest.comments.some((c) => c.id === newest)).toBe(true);
    expect(latest.comments.some((c) => c.id === first.comments[0]!.id)).toBe(false);
  });

  it("counts the comments waiting for review in the whole thread, not only those shown", async () => {
    await pool.query("UPDATE comment SET mod_status = 'flagged' WHERE source_comment_id IN ('n10', 'n2300')");
    await pool.query("UPDATE comment SET mod_status = 'escalated' WHERE source_comment_id = 'n2400'");
    try {
      const first = await getThread(threadId);
      expect(first.comments.filter((c) => c.modStatus !== "none")).toHaveLength(1);
      expect(first.waiting).toBe(3);
    } finally {
      await pool.query("UPDATE comment SET mod_status = 'none' WHERE source_comment_id IN ('n10', 'n2300', 'n2400')");
    }
  });
});
