import { beforeAll, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db";
import { createUser } from "@/lib/auth/users";
import { decideComments } from "@/lib/moderation/decide";
import { addTerm } from "@/lib/moderation";
import { activeScorer } from "@/lib/scoring";
import { builtinModelInfo } from "@/lib/scoring/builtin";
import { calibrateFromDecisions } from "@/lib/scoring/calibration/from-decisions";
import { readSiteLabels } from "@/lib/scoring/calibration/labels";
import { storeThread } from "../support/store-fixture";

// A newsroom whose own site removes comments, plus a feed nobody moderates that
// carries a flood of one insult, published. The flood must teach the model nothing.
const INSULT = "you are an idiot maybe";
const V = builtinModelInfo("default").version;

beforeAll(async () => {
  await addTerm("banned", "zorblat");
  const moderator = (await createUser({ email: "labels@test.local", role: "moderator", password: "long-enough-pw" })).user.id;
  await storeThread(
    "paper",
    [
      ...Array.from({ length: 150 }, (_, i) => ({ id: `ok${i}`, body: `The council vote on item ${i + 1} was reported fairly.` })),
      ...Array.from({ length: 10 }, (_, i) => ({ id: `gone${i}`, body: `You utter moron number ${i + 1}.`, status: "deleted" as const })),
      // Published there and flagged by our rules since: still a civil label (leaving out what the
      // model flags would hide its false alarms from the comparison).
      { id: "waiting", body: "You are a complete idiot and a moron." },
      // Rejected by a banned term: the newsroom's rule, no label.
      { id: "banned", body: "A zorblat of a column, frankly." },
      // Copies of one text in the moderated source: one label.
      ...Array.from({ length: 30 }, (_, i) => ({ id: `copy${i}`, body: i % 2 ? "Great  piece!" : "great piece" })),
    ],
    { source: "paper" },
  );
  await storeThread("feed", Array.from({ length: 500 }, (_, i) => ({ id: `flood${i}`, body: INSULT })), { source: "feed" });
  const decided = await db.comment.findMany({ where: { sourceCommentId: { in: ["ok1", "ok2", "ok3", "ok4", "flood1"] } }, select: { id: true, modVersion: true } });
  await decideComments(decided, { action: "approve", userId: moderator });
  // Escalated by a moderator: in doubt, so no label either way.
  const doubtful = await db.comment.findMany({ where: { sourceCommentId: "ok0" }, select: { id: true, modVersion: true } });
  await decideComments(doubtful, { action: "escalate", userId: moderator });
});

describe("labels for a site calibration", () => {
  it("counts published comments only where the source removes some, and each text once", async () => {
    const read = await readSiteLabels(pool);
    expect(read.unmoderatedSources).toEqual(["feed"]);
    // 149 reports (one escalated) + 10 removed + the flagged one + one "great piece"; of the feed only the comment a moderator approved.
    expect(read.labels).toHaveLength(162);
    expect(read.labels.some((l) => l.body === "The council vote on item 1 was reported fairly.")).toBe(false);
    expect(read.duplicates).toBe(29);
    const flood = read.labels.filter((l) => l.body === INSULT);
    expect(flood).toEqual([expect.objectContaining({ uncivil: 0, origin: "decision" })]);
    expect(read.labels.filter((l) => l.uncivil)).toHaveLength(10);
    const waiting = await db.comment.findFirstOrThrow({ where: { sourceCommentId: "waiting" }, select: { id: true, modStatus: true } });
    expect(waiting.modStatus).toBe("flagged");
    expect(read.labels.find((l) => l.id === waiting.id)).toMatchObject({ uncivil: 0, origin: "source" });
    const banned = await db.comment.findFirstOrThrow({ where: { sourceCommentId: "banned" }, select: { id: true, modStatus: true } });
    expect(banned.modStatus).toBe("rejected");
    expect(read.labels.find((l) => l.id === banned.id)).toBeUndefined();
  });

  it("does not learn from too few removed comments, and says what it left out", async () => {
    const before = await db.comment.count({ where: { modStatus: "flagged" } });
    const report = await calibrateFromDecisions();
    expect(report.activated).toBe(false);
    expect(report.reason).toMatch(/^not enough labels: need at least 30 removed/);
    expect(report.labels).toMatchObject({ total: 162, duplicates: 29, unmoderatedSources: ["feed"] });
    expect(activeScorer().model.version).toBe(V);
    expect(await db.comment.count({ where: { modStatus: "flagged" } })).toBe(before);
  });

  it("refuses to start while another change of the scoring model runs", async () => {
    const other = await pool.connect();
    try {
      await other.query("SELECT pg_advisory_lock(72611240)");
      await expect(calibrateFromDecisions()).rejects.toThrow(/^another change of the scoring model is running/);
      const { revertSiteCalibration } = await import("@/lib/scoring/calibration/revert");
      await expect(revertSiteCalibration()).rejects.toThrow(/^another change of the scoring model is running/);
      // Nor is one queued meanwhile: the settings page says so at once.
      const { startScoringChange } = await import("@/lib/jobs/scoring-change");
      await expect(startScoringChange("calibrate")).rejects.toThrow(/^another change of the scoring model is running/);
    } finally {
      await other.query("SELECT pg_advisory_unlock(72611240)");
      other.release();
    }
    // Free again: it runs (and finds too few labels, as before).
    expect((await calibrateFromDecisions()).reason).toMatch(/^not enough labels/);
  });

  it("takes a verdict back when a re-import changes the text, and never learns from an erased comment's placeholder", async () => {
    const moderator = (await createUser({ email: "labels2@test.local", role: "moderator", password: "long-enough-pw" })).user.id;
    // In the unmoderated feed a comment is a label only by a moderator's decision.
    await storeThread("feed-2", [{ id: "changed", body: "A fair point, well made." }, { id: "erased", body: "Another fair point.", author: "leaving" }], { source: "feed" });
    const decided = await db.comment.findMany({ where: { sourceCommentId: { in: ["changed", "erased"] } }, select: { id: true, modVersion: true, sourceCommentId: true, commenterId: true } });
    await decideComments(decided, { action: "approve", userId: moderator });
    const ids = Object.fromEntries(decided.map((c) => [c.sourceCommentId, c.id]));
    const labelled = async () => (await readSiteLabels(pool)).labels.filter((l) => l.id === ids.changed || l.id === ids.erased).map((l) => l.id).sort();
    expect(await labelled()).toEqual([ids.changed, ids.erased].sort());
    // The page saved again: another text under the approved comment's id, back in the queue.
    await storeThread("feed-2", [{ id: "changed", body: "You are all idiots." }, { id: "erased", body: "Another fair point.", author: "leaving" }], { source: "feed" });
    const { eraseCommenter } = await import("@/lib/privacy/erase-commenter");
    await eraseCommenter(decided.find((c) => c.sourceCommentId === "erased")!.commenterId!);
    expect(await labelled()).toEqual([]);
  });
});
