import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { getThread, listThreads, setThreadState, threadListQuerySchema, THREAD_PAGE_SIZE } from "@/lib/moderation";
import { seedScored } from "../support/moderation-fixture";

const list = (query: Record<string, unknown>) => listThreads(threadListQuerySchema.parse(query));

let ferry: number;
let budget: number;

beforeAll(async () => {
  // Thirty threads on one site, each a day apart, with one comment that is not flagged...
  for (let i = 0; i < 30; i++) {
    await seedScored(`filler-${i}`, [{ id: `filler-${i}-1`, at: new Date(Date.UTC(2026, 0, 1 + i)), incivility: 0.1 }], {
      title: `Council minutes ${i}`,
      source: "city-site",
    });
  }
  // ...and two named threads on another, newer than all of them, one with flagged comments.
  const ferryIds = await seedScored(
    "ferry",
    [
      { id: "ferry-1", at: new Date("2026-03-02T10:00:00Z"), incivility: 0.95 },
      { id: "ferry-2", at: new Date("2026-03-02T11:00:00Z"), incivility: 0.92 },
      { id: "ferry-3", at: new Date("2026-03-02T12:00:00Z"), incivility: 0.05 },
    ],
    { title: "Harbour ferry fares to double", source: "news-site" },
  );
  await seedScored("budget", [{ id: "budget-1", at: new Date("2026-03-01T09:00:00Z"), incivility: 0.1 }], {
    title: "Budget: 100% of the 2027 plan_b",
    source: "news-site",
  });
  const { rows } = await pool.query<{ id: number; key: string }>("SELECT id, key FROM thread WHERE key IN ('ferry', 'budget')");
  ferry = rows.find((r) => r.key === "ferry")!.id;
  budget = rows.find((r) => r.key === "budget")!.id;
  expect(ferryIds.size).toBe(3);
});

describe("listThreads", () => {
  it("lists every thread, most recently commented first, a page at a time", async () => {
    const first = await list({});
    expect(first.total).toBe(32);
    expect(first.threads).toHaveLength(THREAD_PAGE_SIZE);
    expect(first.threads.slice(0, 3).map((t) => t.title)).toEqual([
      "Harbour ferry fares to double",
      "Budget: 100% of the 2027 plan_b",
      "Council minutes 29",
    ]);
    expect(first.threads[0]).toMatchObject({
      id: ferry,
      source: { key: "news-site" },
      comments: 3,
      flagged: 2,
      lastCommentAt: "2026-03-02T12:00:00.000Z",
      closed: false,
      premoderated: false,
    });
    const second = await list({ page: 2 });
    expect(second.threads.map((t) => t.title)).toEqual(Array.from({ length: 7 }, (_, i) => `Council minutes ${6 - i}`));
    const beyond = await list({ page: 5 });
    expect(beyond).toMatchObject({ threads: [], total: 32, page: 5 });
  });

  it("finds threads by every word of the title or address, or by id, taking % and _ literally", async () => {
    expect((await list({ q: "ferry harbour" })).threads.map((t) => t.id)).toEqual([ferry]);
    expect((await list({ q: "ferry budget" })).total).toBe(0);
    expect((await list({ q: "100%" })).threads.map((t) => t.id)).toEqual([budget]);
    expect((await list({ q: "plan_b" })).threads.map((t) => t.id)).toEqual([budget]);
    expect((await list({ q: "n_b" })).total).toBe(1);
    expect((await list({ q: "%" })).threads.map((t) => t.id)).toEqual([budget]);
    expect((await list({ q: String(ferry) })).threads.map((t) => t.id)).toContain(ferry);
    expect((await list({ q: `#${ferry}` })).threads.map((t) => t.id)).toEqual([ferry]);
    expect((await list({ q: "council", source: "news-site" })).total).toBe(0);
    expect((await list({ q: "council", source: "city-site" })).total).toBe(30);
  });

  it("narrows by state: flagged comments waiting, pre-moderated, closed, open", async () => {
    expect((await list({ state: "flagged" })).threads.map((t) => t.id)).toEqual([ferry]);
    await setThreadState(budget, { closed: true });
    await setThreadState(ferry, { premoderated: true });
    expect((await list({ state: "closed" })).threads.map((t) => t.id)).toEqual([budget]);
    expect((await list({ state: "premoderated" })).threads.map((t) => t.id)).toEqual([ferry]);
    expect((await list({ state: "open" })).total).toBe(31);
    expect((await list({ state: "all" })).total).toBe(32);
    await setThreadState(budget, { closed: false });
    await setThreadState(ferry, { premoderated: false });
  });

  it("keeps each thread's newest comment time as comments arrive, move, go and are decided", async () => {
    const lastOf = async (id: number) =>
      (await pool.query<{ last: Date | null; xmin: string }>("SELECT last_comment_at AS last, xmin::text FROM thread WHERE id = $1", [id])).rows[0]!;
    const oldest = (await list({ q: "Council minutes 0" })).threads.find((t) => t.title === "Council minutes 0")!;
    // A late comment on the oldest thread puts it first.
    const ids = await seedScored("filler-0", [{ id: "late-1", at: new Date("2026-04-01T08:00:00Z"), incivility: 0.1 }], {
      title: "Council minutes 0",
      source: "city-site",
    });
    expect((await list({})).threads[0]!.id).toBe(oldest.id);
    expect((await lastOf(oldest.id)).last!.toISOString()).toBe("2026-04-01T08:00:00.000Z");
    // Moving the comment back in time lowers the thread's time again.
    const late = ids.get("late-1")!;
    await pool.query("UPDATE comment SET posted_at = '2025-12-01T00:00:00Z' WHERE id = $1", [late]);
    expect((await lastOf(oldest.id)).last!.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    // A moderation change leaves the thread row alone.
    const before = await lastOf(oldest.id);
    await pool.query("UPDATE comment SET mod_status = 'approved', mod_version = mod_version + 1 WHERE id = $1", [late]);
    expect((await lastOf(oldest.id)).xmin).toBe(before.xmin);
    // Deleting the thread's comments empties it: it goes last.
    await pool.query("DELETE FROM score WHERE comment_id IN (SELECT id FROM comment WHERE thread_id = $1)", [oldest.id]);
    await pool.query("DELETE FROM decision WHERE comment_id IN (SELECT id FROM comment WHERE thread_id = $1)", [oldest.id]);
    await pool.query("DELETE FROM comment WHERE thread_id = $1", [oldest.id]);
    expect((await lastOf(oldest.id)).last).toBeNull();
    const all = await list({ page: 2 });
    expect(all.threads.at(-1)!.id).toBe(oldest.id);
    expect(all.threads.at(-1)!.lastCommentAt).toBeNull();
  });

  it("counts comments as the attention list does, and names a thread's pingbacks apart", async () => {
    await pool.query("UPDATE comment SET kind = 'pingback', mod_status = 'none' WHERE source_comment_id = 'ferry-3'");
    try {
      const listed = (await list({ q: "ferry" })).threads[0]!;
      expect(listed).toMatchObject({ id: ferry, comments: 2, flagged: 2 });
      const view = await getThread(ferry);
      expect(view).toMatchObject({ total: 3, pingbacks: 1 });
      expect(view.comments).toHaveLength(3);
    } finally {
      await pool.query("UPDATE comment SET kind = 'comment' WHERE source_comment_id = 'ferry-3'");
    }
  });

  it("refuses what it cannot read", () => {
    expect(threadListQuerySchema.safeParse({ state: "hot" }).success).toBe(false);
    expect(threadListQuerySchema.safeParse({ page: "0" }).success).toBe(false);
    expect(threadListQuerySchema.safeParse({ q: "x".repeat(201) }).success).toBe(false);
  });
});
