import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { focusParamsSchema, loadFocus } from "@/lib/analytics/focus";
import { seedScored } from "../support/moderation-fixture";

let article: number;
let ann: number;

beforeAll(async () => {
  const a = await seedScored("focus-a", [
    { id: "fa-1", author: "Ann", at: new Date("2026-04-01T09:00:00Z"), incivility: 0.2 },
    { id: "fa-2", author: "Bo", at: new Date("2026-04-01T18:00:00Z"), incivility: 0.8 },
    { id: "fa-3", author: "Ann", at: new Date("2026-04-03T10:00:00Z"), incivility: 0.6, status: "deleted" },
  ]);
  await seedScored("focus-b", [{ id: "fb-1", author: "Ann", at: new Date("2026-04-10T12:00:00Z"), incivility: 0.1 }]);
  // Sentiment of its own per comment, so averages are checked, not zeros.
  await pool.query("UPDATE score SET sentiment = CASE comment_id WHEN $1 THEN -0.5 WHEN $2 THEN 0.3 WHEN $3 THEN -0.1 END WHERE comment_id = ANY($4::int[])", [
    a.get("fa-1"), a.get("fa-2"), a.get("fa-3"), [...a.values()],
  ]);
  article = (await pool.query<{ id: number }>("SELECT id FROM thread WHERE key = 'focus-a'")).rows[0]!.id;
  ann = (await pool.query<{ commenter_id: number }>("SELECT commenter_id FROM comment WHERE source_comment_id = 'fa-1'")).rows[0]!.commenter_id;
});

const points = (f: Awaited<ReturnType<typeof loadFocus>>) => f.series.map((p) => [p.bucket, p.comments, p.avgSentiment, p.uncivilShare, p.removedShare]);

describe("one article or author over time", () => {
  it("shows an article's whole life by day, from its rollups, with totals", async () => {
    const f = await loadFocus("article", article);
    expect(f.subject).toMatchObject({ kind: "article", name: "Thread focus-a", firstDay: "2026-04-01", lastDay: "2026-04-03" });
    expect([f.from, f.to, f.bucket]).toEqual(["2026-04-01", "2026-04-03", "day"]);
    expect(points(f)).toEqual([
      ["2026-04-01", 2, expect.closeTo(-0.1, 9), 0.5, 0],
      ["2026-04-02", 0, null, null, null],
      ["2026-04-03", 1, expect.closeTo(-0.1, 9), 1, 1],
    ]);
    const [flagged] = (await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM comment WHERE thread_id = $1 AND flagged_at IS NOT NULL", [article])).rows;
    expect(f.totals).toEqual({ comments: 3, scored: 3, avgSentiment: expect.closeTo(-0.1, 9), uncivilShare: 2 / 3, removed: 1, flagged: flagged!.n });
  });

  it("follows an author across articles, in the range and bucket asked", async () => {
    const f = await loadFocus("author", ann);
    expect(f.subject).toMatchObject({ kind: "author", name: "Ann", url: null, firstDay: "2026-04-01", lastDay: "2026-04-10" });
    expect(f.totals).toMatchObject({ comments: 3, scored: 3, removed: 1, uncivilShare: 1 / 3 });
    expect(f.totals.avgSentiment).toBeCloseTo((-0.5 - 0.1 + 0) / 3, 9);
    const weekly = await loadFocus("author", ann, { from: "2026-04-02", to: "2026-04-12", bucket: "week" });
    // Weeks start on Monday: 30 Mar (its days from 2 Apr) and 6 Apr.
    expect(weekly.series.map((p) => [p.bucket, p.from, p.to, p.partial, p.comments])).toEqual([
      ["2026-03-30", "2026-04-02", "2026-04-05", true, 1],
      ["2026-04-06", "2026-04-06", "2026-04-12", false, 1],
    ]);
  });

  it("keeps ranges the right way round and at most ten years long", async () => {
    // Only a start after the last comment: that one day, not a range running backwards.
    const late = await loadFocus("article", article, { from: "2026-05-01" });
    expect([late.from, late.to, late.totals.comments, late.shortened]).toEqual(["2026-05-01", "2026-05-01", 0, false]);
    // A start more than ten years before the end is moved forward, and says so.
    const long = await loadFocus("article", article, { from: "2001-01-01" });
    // 3,660 days, both ends included.
    expect([long.from, long.to, long.shortened]).toEqual(["2016-03-27", "2026-04-03", true]);
    expect(focusParamsSchema.safeParse({ from: "0100-01-01", to: "9998-12-31" }).error?.issues.map((i) => i.message)).toEqual(["at most ten years at once"]);
    expect(focusParamsSchema.safeParse({ from: "2026-05-02", to: "2026-05-01" }).error?.issues.map((i) => i.message)).toEqual(["from must not be after to"]);
  });

  it("draws a story whose comments came within a day by the hour, in the newsroom's hours", async () => {
    await seedScored("focus-hot", [
      { id: "fh-1", at: new Date("2026-04-20T09:10:00Z"), incivility: 0.9 },
      { id: "fh-2", at: new Date("2026-04-20T09:50:00Z"), incivility: 0.1 },
      { id: "fh-3", at: new Date("2026-04-20T13:05:00Z"), incivility: 0.1 },
    ]);
    const hot = (await pool.query<{ id: number }>("SELECT id FROM thread WHERE key = 'focus-hot'")).rows[0]!.id;
    const f = await loadFocus("article", hot);
    expect([f.from, f.to, f.bucket, f.series.length]).toEqual(["2026-04-20", "2026-04-20", "hour", 24]);
    const busy = f.series.filter((p) => p.comments > 0).map((p) => [p.bucket, p.label, p.from, p.comments, p.uncivilShare]);
    expect(busy).toEqual([
      ["2026-04-20T09", "09:00", "2026-04-20", 2, 0.5],
      ["2026-04-20T13", "13:00", "2026-04-20", 1, 0],
    ]);
    expect(f.totals).toMatchObject({ comments: 3, scored: 3, uncivilShare: 1 / 3 });
    // In the newsroom's hours: Berlin is two hours ahead in April.
    const { setTimezone } = await import("@/lib/analytics");
    await setTimezone("Europe/Berlin");
    try {
      const berlin = await loadFocus("article", hot);
      expect(berlin.series.filter((p) => p.comments > 0).map((p) => [p.label, p.comments])).toEqual([["11:00", 2], ["15:00", 1]]);
    } finally {
      await setTimezone("UTC");
    }
    // Asked for, hours go up to fourteen days; beyond, the range's own bucket.
    expect((await loadFocus("article", hot, { from: "2026-04-15", to: "2026-04-21", bucket: "hour" })).series).toHaveLength(7 * 24);
    expect((await loadFocus("article", hot, { from: "2026-04-01", to: "2026-04-30", bucket: "hour" })).bucket).toBe("day");
  });

  it("says when the article or author does not exist", async () => {
    await expect(loadFocus("article", 987_654)).rejects.toThrow("article 987654 not found");
    await expect(loadFocus("author", 987_654)).rejects.toThrow("author 987654 not found");
  });
});
