import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { getCommenter, getThread } from "@/lib/moderation";
import { seedScored } from "../support/moderation-fixture";

let hours: number;
let days: number;
let owl: number;

beforeAll(async () => {
  await seedScored("zone-hours", [
    { id: "zh-1", at: new Date("2026-03-01T22:30:00Z"), incivility: 0.2 },
    { id: "zh-2", at: new Date("2026-03-01T22:45:00Z"), incivility: 0.4 },
    { id: "zh-3", at: new Date("2026-03-01T23:10:00Z"), incivility: 0.6 },
  ]);
  await seedScored("zone-days", [
    { id: "zd-1", author: "Night owl", at: new Date("2026-03-01T23:30:00Z") },
    { id: "zd-2", author: "Night owl", at: new Date("2026-03-02T00:30:00Z") },
    { id: "zd-3", at: new Date("2026-03-05T12:00:00Z") },
  ]);
  const { rows } = await pool.query<{ key: string; id: number }>("SELECT key, id FROM thread WHERE key LIKE 'zone-%'");
  hours = rows.find((r) => r.key === "zone-hours")!.id;
  days = rows.find((r) => r.key === "zone-days")!.id;
  const { rows: c } = await pool.query<{ commenter_id: number }>("SELECT commenter_id FROM comment WHERE source_comment_id = 'zd-1'");
  owl = c[0]!.commenter_id;
});

const buckets = (view: Awaited<ReturnType<typeof getThread>>) => view.timeline.map((t) => [t.bucket, t.comments]);

describe("thread timeline in the newsroom's time zone", () => {
  it("groups a short thread by the zone's hours, half-hour offsets included", async () => {
    const utc = await getThread(hours, "UTC");
    expect(utc.timelineUnit).toBe("hour");
    expect(buckets(utc)).toEqual([["2026-03-01T22:00:00.000Z", 2], ["2026-03-01T23:00:00.000Z", 1]]);
    // 04:00–04:40 in Kolkata (UTC+5:30): one hour, beginning at 22:30 UTC.
    const kolkata = await getThread(hours, "Asia/Kolkata");
    expect(buckets(kolkata)).toEqual([["2026-03-01T22:30:00.000Z", 3]]);
    expect(kolkata.timeline[0]!.avgIncivility).toBeCloseTo(0.4);
  });

  it("groups a long thread by the zone's days", async () => {
    const utc = await getThread(days, "UTC");
    expect(utc.timelineUnit).toBe("day");
    expect(buckets(utc)).toEqual([
      ["2026-03-01T00:00:00.000Z", 1],
      ["2026-03-02T00:00:00.000Z", 1],
      ["2026-03-05T00:00:00.000Z", 1],
    ]);
    // Both night comments fall on 2 March in Berlin (UTC+1).
    expect(buckets(await getThread(days, "Europe/Berlin"))).toEqual([
      ["2026-03-01T23:00:00.000Z", 2],
      ["2026-03-04T23:00:00.000Z", 1],
    ]);
  });
});

describe("commenter's weeks in the newsroom's time zone", () => {
  it("names each week by its Monday there", async () => {
    // Sunday 23:30 UTC is Monday 00:30 in Berlin: one week there, two in UTC.
    expect((await getCommenter(owl, { timeZone: "UTC" })).trend.map((t) => [t.week, t.comments])).toEqual([
      ["2026-02-23", 1],
      ["2026-03-02", 1],
    ]);
    expect((await getCommenter(owl, { timeZone: "Europe/Berlin" })).trend.map((t) => [t.week, t.comments])).toEqual([["2026-03-02", 2]]);
  });
});
