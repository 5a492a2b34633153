import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { loadInsights, setTimezone } from "@/lib/analytics";
import { paramsFromSearch } from "@/lib/analytics/filters";
import { checkRollups, compactRollups } from "@/lib/analytics/rollups";
import { insertComment, insertCommenter, insertDecision, insertScore, insertSource, insertThread } from "./analytics-dataset";

const V1 = "test-model@1";
const load = (query: string) => loadInsights(paramsFromSearch(new URLSearchParams(`model=${V1}&${query}`)));
const ids = {} as Record<"t1" | "t2" | "t3" | "x" | "y" | "c1" | "c2" | "c3" | "c4" | "c5" | "c6", number>;

// A hand-made March 2026: five comments and a pingback on three threads of two sources,
// placed on day, week and month boundaries. Europe/Berlin is UTC+1 until 29 March, UTC+2 after.
beforeAll(async () => {
  const a = await insertSource("a");
  const b = await insertSource("b");
  ids.t1 = await insertThread(a, "t1", "politics");
  ids.t2 = await insertThread(a, "t2", null);
  ids.t3 = await insertThread(b, "t3", "sport");
  ids.x = await insertCommenter(a, "Xavier");
  ids.y = await insertCommenter(a, "Yvonne");
  // Sunday 1 March 23:30 UTC = Monday 2 March 00:30 in Berlin.
  ids.c1 = await insertComment({ sourceId: a, threadId: ids.t1, sid: "c1", postedAt: "2026-03-01T23:30:00Z", commenterId: ids.x, modStatus: "rejected", flagged: true });
  ids.c2 = await insertComment({ sourceId: a, threadId: ids.t1, sid: "c2", postedAt: "2026-03-02T00:10:00Z", commenterId: ids.x, modStatus: "flagged", flagged: true });
  // Sunday 8 March 23:59:59 UTC (ISO week of 2 March) = Monday 9 March in Berlin (next week).
  ids.c3 = await insertComment({ sourceId: a, threadId: ids.t2, sid: "c3", postedAt: "2026-03-08T23:59:59Z", commenterId: ids.y, modStatus: "approved", flagged: true });
  // 31 March 22:30 UTC = 1 April 00:30 in Berlin (next month).
  ids.c4 = await insertComment({ sourceId: a, threadId: ids.t2, sid: "c4", postedAt: "2026-03-31T22:30:00Z" });
  ids.c5 = await insertComment({ sourceId: b, threadId: ids.t3, sid: "c5", postedAt: "2026-03-15T12:00:00Z", sourceStatus: "deleted" });
  ids.c6 = await insertComment({ sourceId: a, threadId: ids.t1, sid: "c6", postedAt: "2026-03-05T10:00:00Z", kind: "pingback" });
  await insertScore(ids.c1, "1", { sentiment: -0.8, label: "negative", incivility: 0.9, attributes: { insult: 0.9 } });
  await insertScore(ids.c2, "1", { sentiment: 0.5, label: "positive", incivility: 0.1, attributes: { insult: 0.1 } });
  await insertScore(ids.c3, "1", { sentiment: -0.2, label: "negative", incivility: 0.6, attributes: { hostility: 0.6, insult: 0.2 } });
  await insertScore(ids.c4, "1", { sentiment: 0, label: "neutral", incivility: 0 });
  await insertScore(ids.c5, "1", { sentiment: 0.3, label: "positive", incivility: 0.2 });
  await insertScore(ids.c6, "1", { sentiment: 0.9, label: "positive", incivility: 0.9 });
  await insertScore(ids.c1, "2", { sentiment: 0.1, label: "neutral", incivility: 0.2 });
  // Reject 30 minutes after posting (band 30–60 min); flag then approve 3 hours after (band 2–4 h).
  await insertDecision(ids.c1, { action: "reject", at: "2026-03-02T00:00:00Z", previous: "flagged", next: "rejected" });
  await insertDecision(ids.c3, { action: "flag", at: "2026-03-09T00:00:59Z", previous: "none", next: "flagged", via: "system" });
  await insertDecision(ids.c3, { action: "approve", at: "2026-03-09T02:59:59Z", previous: "flagged", next: "approved" });
});

describe("insights from rollups (UTC)", () => {
  it("computes the key figures of a range and of the period before it", async () => {
    const insights = await load("from=2026-03-01&to=2026-03-31");
    expect(insights.filters.previous).toEqual({ from: "2026-01-29", to: "2026-02-28" });
    expect(insights.overview.current).toMatchObject({ comments: 5, scored: 5, flagged: 3, removed: 2 });
    expect(insights.overview.current.avgSentiment).toBeCloseTo((-0.8 + 0.5 - 0.2 + 0 + 0.3) / 5, 10);
    expect(insights.overview.current.uncivilShare).toBeCloseTo(2 / 5, 10);
    expect(insights.overview.current.negativeShare).toBeCloseTo(2 / 5, 10);
    expect(insights.overview.current.removedShare).toBeCloseTo(2 / 5, 10);
    expect(insights.overview.current.commentsPerDay).toBeCloseTo(5 / 31, 10);
    expect(insights.overview.previous.comments).toBe(0);
    expect(insights.coverage).toEqual({ empty: false, unscored: 0 });
  });

  it("buckets by UTC day, ISO week and month, marking partial buckets", async () => {
    const days = (await load("from=2026-03-01&to=2026-03-31&bucket=day")).series;
    expect(days).toHaveLength(31);
    const byDay = Object.fromEntries(days.filter((d) => d.comments).map((d) => [d.bucket, d.comments]));
    expect(byDay).toEqual({ "2026-03-01": 1, "2026-03-02": 1, "2026-03-08": 1, "2026-03-15": 1, "2026-03-31": 1 });
    expect(days[0]!.avgSentiment).toBeCloseTo(-0.8, 10);
    expect(days[0]!.uncivilShare).toBe(1);
    expect(days[14]).toMatchObject({ bucket: "2026-03-15", removedShare: 1 });

    const weeks = (await load("from=2026-03-01&to=2026-03-31&bucket=week")).series;
    expect(weeks.map((w) => [w.bucket, w.from, w.to, w.partial, w.comments])).toEqual([
      ["2026-02-23", "2026-03-01", "2026-03-01", true, 1],
      ["2026-03-02", "2026-03-02", "2026-03-08", false, 2],
      ["2026-03-09", "2026-03-09", "2026-03-15", false, 1],
      ["2026-03-16", "2026-03-16", "2026-03-22", false, 0],
      ["2026-03-23", "2026-03-23", "2026-03-29", false, 0],
      ["2026-03-30", "2026-03-30", "2026-03-31", true, 1],
    ]);
    expect(weeks[1]!.avgSentiment).toBeCloseTo((0.5 - 0.2) / 2, 10);

    const months = (await load("from=2026-03-01&to=2026-04-30&bucket=month")).series;
    expect(months.map((m) => [m.bucket, m.comments])).toEqual([["2026-03-01", 5], ["2026-04-01", 0]]);
  });

  it("picks the bucket from the range's length unless asked, and draws at most 400 periods", async () => {
    const bucketOf = async (query: string) => {
      const { filters, series } = await load(query);
      return [filters.bucket, filters.bucketAsked, series.length];
    };
    expect(await bucketOf("from=2026-03-01&to=2026-04-30")).toEqual(["day", null, 61]);
    expect(await bucketOf("from=2026-03-01&to=2026-06-30")).toEqual(["week", null, 19]);
    expect(await bucketOf("from=2025-01-01&to=2026-12-31")).toEqual(["month", null, 24]);
    // Asked for: kept up to 400 periods, then the next larger size.
    expect(await bucketOf("from=2026-01-01&to=2026-06-30&bucket=day")).toEqual(["day", null, 181]);
    expect(await bucketOf("from=2025-01-01&to=2026-12-31&bucket=day")).toEqual(["week", "day", 105]);
    expect(await bucketOf("from=2017-01-01&to=2026-12-31&bucket=week")).toEqual(["month", "week", 120]);
    expect(await bucketOf("from=2017-01-01&to=2026-12-31&bucket=day")).toEqual(["month", "day", 120]);
  });

  it("applies source and section filters to every chart", async () => {
    const b = await load("from=2026-03-01&to=2026-03-31&source=b");
    expect(b.overview.current).toMatchObject({ comments: 1, removed: 1 });
    expect(b.heat.volume.map((t) => t.threadId)).toEqual([ids.t3]);
    const politics = await load("from=2026-03-01&to=2026-03-31&section=politics");
    expect(politics.overview.current.comments).toBe(2);
    expect(politics.commenters.volume).toEqual([expect.objectContaining({ commenterId: ids.x, comments: 2, flagged: 2, removed: 1 })]);
    // An empty section is "no section": thread t2.
    const none = await load("from=2026-03-01&to=2026-03-31&section=");
    expect(none.overview.current.comments).toBe(2);
    const unknown = await load("from=2026-03-01&to=2026-03-31&source=nowhere");
    expect(unknown.coverage.empty).toBe(true);
  });

  it("breaks down sentiment, attributes, threads and commenters", async () => {
    const insights = await load("from=2026-03-01&to=2026-03-31");
    const bins = Object.fromEntries(insights.histogram.filter((b) => b.comments).map((b) => [b.bin, b.comments]));
    expect(bins).toEqual({ 2: 1, 8: 1, 10: 1, 13: 1, 15: 1 });
    expect(insights.attributes.map((a) => [a.attribute, a.present])).toEqual([["hostility", 1], ["insult", 1]]);
    expect(insights.attributes.find((a) => a.attribute === "insult")!.avgScore).toBeCloseTo((0.9 + 0.1 + 0.2) / 3, 10);
    expect(insights.heat.volume.map((t) => [t.threadId, t.comments, t.removed])).toEqual([[ids.t1, 2, 1], [ids.t2, 2, 0], [ids.t3, 1, 1]]);
    // Fewer than five scored comments per thread: nothing ranks by negativity.
    expect(insights.heat.negativity).toEqual([]);
    expect(insights.commenters.flags.map((c) => [c.name, c.flagged])).toEqual([["Xavier", 2], ["Yvonne", 1]]);
  });

  it("reports moderator workload: decisions, time to decision and the backlog now", async () => {
    const { workload } = await load("from=2026-03-01&to=2026-03-31");
    expect(workload.decisions).toBe(2);
    expect(workload.latency.filter((b) => b.decisions).map((b) => [b.label, b.decisions])).toEqual([["30–60 min", 1], ["2–4 h", 1]]);
    expect(workload.medianBand).toBe("30–60 min");
    expect(workload.series.find((p) => p.bucket === "2026-03-02")).toMatchObject({ reject: 1 });
    expect(workload.series.find((p) => p.bucket === "2026-03-09")).toMatchObject({ approve: 1, enteredQueue: 1 });
    expect(workload.backlog).toBe(1);
    expect(workload.backlogByAge.at(-1)).toEqual({ label: "older", comments: 1 });
  });

  it("shows another model version and says how much of the range it covers", async () => {
    const v2 = await loadInsights(paramsFromSearch(new URLSearchParams("from=2026-03-01&to=2026-03-31&model=test-model@2")));
    expect(v2.overview.current).toMatchObject({ comments: 5, scored: 1 });
    expect(v2.coverage.unscored).toBe(4);
    expect(v2.overview.current.avgSentiment).toBeCloseTo(0.1, 10);
    expect(v2.models.filter((m) => m.name === "test-model").map((m) => [m.version, m.scored])).toEqual([["2", 1], ["1", 5]]);
  });
});

describe("rollups follow every change", () => {
  it("counts moderators' decisions in the workload, not the system's own", async () => {
    // The rules rejecting a comment for a banned term, and later releasing it; then a moderator's reject.
    await insertDecision(ids.c2, { action: "reject", at: "2026-04-02T10:00:00Z", previous: "none", next: "rejected", via: "system" });
    await insertDecision(ids.c2, { action: "restore", at: "2026-04-03T10:00:00Z", previous: "rejected", next: "none", via: "system" });
    await insertDecision(ids.c2, { action: "reject", at: "2026-04-04T10:00:00Z", previous: "none", next: "rejected", via: "ui" });
    const { workload } = await load("from=2026-04-01&to=2026-04-30");
    expect(workload.decisions).toBe(1);
    expect(workload.series.reduce((sum, p) => sum + p.reject + p.restore, 0)).toBe(1);
    expect(workload.latency.reduce((sum, b) => sum + b.decisions, 0)).toBe(1);
    expect(await checkRollups()).toEqual([]);
  });

  it("keep exact sums through rescoring, edits, moves, decisions and deletes, before and after compaction", async () => {
    await insertScore(ids.c2, "2", { sentiment: -0.5, label: "negative", incivility: 0.7 });
    await pool.query("UPDATE score SET sentiment = 0.4, sentiment_label = 'positive' WHERE comment_id = $1 AND model_version = '2'", [ids.c1]);
    await pool.query("UPDATE comment SET body = 'an edited text', posted_at = posted_at + interval '3 days' WHERE id = $1", [ids.c4]);
    await pool.query("UPDATE thread SET section = 'world' WHERE id = $1", [ids.t2]);
    await pool.query("UPDATE comment SET mod_status = 'rejected' WHERE id = $1", [ids.c2]);
    await insertDecision(ids.c2, { action: "reject", at: "2026-03-03T00:10:00Z", previous: "flagged", next: "rejected" });
    // A re-import moves a decided comment to another thread (another section) and corrects its time,
    // or makes an approved one a pingback: their decisions follow them. Then both are put back.
    await pool.query("UPDATE comment SET thread_id = $2, posted_at = posted_at + interval '12 hours' WHERE id = $1", [ids.c2, ids.t2]);
    await pool.query("UPDATE comment SET kind = 'pingback' WHERE id = $1", [ids.c3]);
    expect(await checkRollups()).toEqual([]);
    await pool.query("UPDATE comment SET thread_id = $2, posted_at = posted_at - interval '12 hours' WHERE id = $1", [ids.c2, ids.t1]);
    await pool.query("UPDATE comment SET kind = 'comment' WHERE id = $1", [ids.c3]);
    await pool.query("DELETE FROM comment WHERE id = $1", [ids.c5]);
    expect(await checkRollups()).toEqual([]);

    const v2 = await loadInsights(paramsFromSearch(new URLSearchParams("from=2026-03-01&to=2026-03-31&model=test-model@2")));
    expect(v2.overview.current).toMatchObject({ comments: 3, scored: 2, removed: 2 });
    expect(v2.overview.current.avgSentiment).toBeCloseTo((0.4 - 0.5) / 2, 10);
    expect((await load("from=2026-03-01&to=2026-03-31&section=world")).overview.current.comments).toBe(1);

    const before = await load("from=2026-03-01&to=2026-04-30");
    expect(await compactRollups()).toBeGreaterThan(0);
    const after = await load("from=2026-03-01&to=2026-04-30");
    expect(after.overview).toEqual(before.overview);
    expect(after.series).toEqual(before.series);
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM rollup_day GROUP BY day, source_id, section HAVING count(*) > 1");
    expect(rows).toEqual([]);
  });

  it("move every day to the newsroom's time zone when it changes", async () => {
    // Typed in any case, the zone is stored as the database spells it.
    expect(await setTimezone("europe/berlin")).toEqual({ timezone: "Europe/Berlin", changed: true });
    const days = (await load("from=2026-03-01&to=2026-03-31")).series;
    // c1 moved from 1 to 2 March; c2 (rejected) stays on 2 March.
    expect(days.find((d) => d.bucket === "2026-03-01")!.comments).toBe(0);
    expect(days.find((d) => d.bucket === "2026-03-02")!.comments).toBe(2);
    const weeks = (await load("from=2026-03-02&to=2026-03-15&bucket=week")).series;
    expect(weeks.map((w) => [w.bucket, w.comments])).toEqual([["2026-03-02", 2], ["2026-03-09", 1]]);
    // c4 (moved 3 days on, to 3 April 22:30 UTC) is 4 April in Berlin.
    const april = (await load("from=2026-04-04&to=2026-04-04")).overview.current.comments;
    expect(april).toBe(1);
    expect(await checkRollups()).toEqual([]);
    // New rows after the change land on Berlin days too.
    const late = await insertComment({ sourceId: (await pool.query("SELECT id FROM source WHERE key = 'a'")).rows[0].id, threadId: ids.t1, sid: "late", postedAt: "2026-03-28T23:30:00Z" });
    await insertScore(late, "1", { sentiment: 0, label: "neutral", incivility: 0 });
    expect((await load("from=2026-03-29&to=2026-03-29")).overview.current.comments).toBe(1);
    await setTimezone("UTC");
    expect((await load("from=2026-03-28&to=2026-03-28")).overview.current.comments).toBe(1);
  });

  it("gives up changing the zone while an import writes comments, rather than hold up every decision", async () => {
    const importing = await pool.connect();
    try {
      await importing.query("BEGIN");
      // The table lock an import's writes hold to its end.
      await importing.query("UPDATE comment SET updated_at = updated_at WHERE false");
      await expect(setTimezone("Asia/Tokyo")).rejects.toThrow(/import .* writing comments now; the time zone was not changed/);
    } finally {
      await importing.query("ROLLBACK");
      importing.release();
    }
    expect((await pool.query("SELECT value FROM setting WHERE key = 'newsroom.timezone'")).rows.map((r) => r.value)).not.toContain("Asia/Tokyo");
    expect(await checkRollups()).toEqual([]);
  });

  it("refuses a time zone that does not exist", async () => {
    await expect(setTimezone("Mars/Olympus")).rejects.toThrow(/time zone/);
  });
});

describe("computed insights are kept until the rollups change", () => {
  it("shares one computation between identical requests and recomputes after any write", async () => {
    const query = "from=2026-03-01&to=2026-03-31";
    const [a, b] = await Promise.all([load(query), load(query)]);
    expect(b).toBe(a);
    expect(await load(query)).toBe(a);
    // Another filter set is its own entry.
    expect(await load(`${query}&section=sport`)).not.toBe(a);

    const commenter = await pool.query<{ id: number }>("SELECT id FROM commenter WHERE display_name = 'Yvonne'");
    await pool.query("UPDATE commenter SET display_name = 'Yvonne B.' WHERE id = $1", [commenter.rows[0]!.id]);
    const renamed = await load(query);
    expect(renamed).not.toBe(a);
    expect(JSON.stringify(renamed.commenters)).toContain("Yvonne B.");

    const before = renamed.overview.current.comments;
    const source = (await pool.query("SELECT id FROM source WHERE key = 'a'")).rows[0].id;
    await insertComment({ sourceId: source, threadId: ids.t1, sid: "cached", postedAt: "2026-03-20T12:00:00Z" });
    const added = await load(query);
    expect(added.overview.current.comments).toBe(before + 1);

    // Compacting changes no figure: it keeps the cache, whether or not it merged anything.
    await compactRollups();
    await compactRollups();
    expect(await load(query)).toBe(added);
    // A write in the same transaction after a compaction still counts.
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT rollup_compact()");
      await client.query("UPDATE commenter SET display_name = 'Yvonne C.' WHERE id = $1", [commenter.rows[0]!.id]);
      await client.query("COMMIT");
    } finally {
      client.release();
    }
    expect(JSON.stringify((await load(query)).commenters)).toContain("Yvonne C.");

    // A view computed between a write's statements and its commit reads the old figures under the new
    // count; a writer that moves the count after its commit (an erasure) is not shown stale.
    const writer = await pool.connect();
    try {
      await writer.query("BEGIN");
      await writer.query("UPDATE commenter SET display_name = 'Yvonne D.' WHERE id = $1", [commenter.rows[0]!.id]);
      expect(JSON.stringify((await load(query)).commenters)).toContain("Yvonne C.");
      await writer.query("COMMIT");
    } finally {
      writer.release();
    }
    expect(JSON.stringify((await load(query)).commenters)).toContain("Yvonne C.");
    const { noteCommittedChange } = await import("@/lib/analytics/cache");
    await noteCommittedChange();
    expect(JSON.stringify((await load(query)).commenters)).toContain("Yvonne D.");
  });

  it("keeps them through writes that change no figure: re-ranking, claims, pre-moderation", async () => {
    const query = "from=2026-03-01&to=2026-03-31";
    const kept = await load(query);
    await pool.query("UPDATE comment SET priority = priority + 1 WHERE id = $1", [ids.c2]);
    await pool.query("UPDATE comment SET parent_id = NULL WHERE id = $1", [ids.c3]);
    await pool.query("UPDATE thread SET claimed_at = now(), premoderated = true, last_comment_at = now() WHERE id = $1", [ids.t1]);
    await pool.query("UPDATE commenter SET email = 'x@example.org' WHERE id = $1", [ids.x]);
    expect(await load(query)).toBe(kept);
    // A title shown beside the figures does count.
    await pool.query("UPDATE thread SET title = 'Renamed thread' WHERE id = $1", [ids.t1]);
    expect(await load(query)).not.toBe(kept);
    await pool.query("UPDATE thread SET premoderated = false WHERE id = $1", [ids.t1]);
  });
});
