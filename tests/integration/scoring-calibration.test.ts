import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBoss, getProgress, startScoringChange, stopBoss } from "@/lib/jobs";
import { cancelScoringChange, followScoringChange, pendingScoringChange, runScoringChange } from "@/lib/jobs/scoring-change";
import { db, pool } from "@/lib/db";
import { createUser } from "@/lib/auth/users";
import { decideComments } from "@/lib/moderation/decide";
import { activeScorer } from "@/lib/scoring";
import { calibrateFromDecisions, lastCalibrationReport } from "@/lib/scoring/calibration/from-decisions";
import { revertSiteCalibration } from "@/lib/scoring/calibration/revert";
import { builtinEngine, builtinModelInfo } from "@/lib/scoring/builtin";
import { builtinScorerFor, useActiveState } from "@/lib/scoring/registry";

// The shipped model's version, whatever it is now.
const V = builtinModelInfo("default").version;
import { storeThread } from "../support/store-fixture";

// A stricter newsroom than the shipped model: its moderators reject sneering
// comments the model scores below the threshold.
const SNEERS = ["ridiculous", "sloppy", "lazy", "silly", "biased", "shoddy"];
const TARGETS = ["article", "piece", "story", "column", "report"];
const CIVIL = ["useful", "clear", "helpful", "thorough", "balanced", "fair"];
const TOPICS = ["ferry timetable", "budget vote", "harbour plan", "school report", "bus route"];

// Numbered, so each text is its own label (repeated texts count once).
const sneer = (i: number) => `This ${TARGETS[i % 5]} is ${SNEERS[i % 6]} and ${SNEERS[(i + 2) % 6]}, as usual from this paper (${i + 1}).`;
const civil = (i: number) => `Thanks, the ${TOPICS[i % 5]} details were ${CIVIL[i % 6]} and ${CIVIL[(i + 3) % 6]} (${i + 1}).`;

let moderator: number;

async function decide(prefix: string, action: "approve" | "reject") {
  const targets = await db.comment.findMany({ where: { sourceCommentId: { startsWith: prefix } }, select: { id: true, modVersion: true } });
  await decideComments(targets, { action, userId: moderator, reason: action === "reject" ? "off-topic" : undefined });
}

beforeAll(async () => {
  moderator = (await createUser({ email: "calibrate@test.local", role: "moderator", password: "long-enough-pw" })).user.id;
  await storeThread("cal", [
    ...Array.from({ length: 80 }, (_, i) => ({ id: `s${i}`, body: sneer(i) })),
    ...Array.from({ length: 120 }, (_, i) => ({ id: `c${i}`, body: civil(i) })),
  ]);
});

describe("learning a site calibration from decisions", () => {
  it("refuses to fit without enough removed comments", async () => {
    // Nothing removed yet: every comment is still published at its source.
    const report = await calibrateFromDecisions();
    expect(report.activated).toBe(false);
    expect(report.reason).toMatch(/^not enough labels/);
    expect(activeScorer().model.version).toBe(`${V}`);
  });

  it("activates only when precision and recall at the threshold improve on held-back labels", async () => {
    const engine = builtinEngine("default");
    const flaggedBefore = Array.from({ length: 80 }, (_, i) => engine.score(sneer(i)).incivility >= 0.5).filter(Boolean).length;
    expect(flaggedBefore).toBeLessThan(40);
    await storeThread("deleted", Array.from({ length: 20 }, (_, i) => ({ id: `u${i}`, body: `You are an idiot and a moron, number ${i}.`, status: "deleted" as const })));
    await decide("s", "reject");
    await decide("c", "approve");

    const dry = await calibrateFromDecisions({ dryRun: true });
    expect(dry).toMatchObject({ activated: false, reason: expect.stringMatching(/dry run$/) });
    expect(activeScorer().model.version).toBe(`${V}`);

    const report = await calibrateFromDecisions();
    expect(report.labels).toEqual({ total: 220, uncivil: 100, fromDecisions: 200, fromSource: 20, duplicates: 0, unmoderatedSources: [] });
    expect(report.confidence).toBeGreaterThanOrEqual(0.95);
    expect(report.overThreshold!.after).toBeGreaterThan(report.overThreshold!.before);
    expect(report.fitted.n + report.heldBack.n).toBe(220);
    expect(report.heldBack.n).toBeGreaterThan(30);
    expect(report.after!.f1).toBeGreaterThan(report.before!.f1);
    expect(report.after!.recall).toBeGreaterThan(report.before!.recall);
    expect(report).toMatchObject({ activated: true, candidateModel: { name: "builtin-default", version: `${V}+site.1` }, rescored: 220 });
    expect(await lastCalibrationReport()).toEqual(report);

    // The new version is active, every comment has a score from it, and new imports use it.
    expect(activeScorer().model).toEqual({ name: "builtin-default", version: `${V}+site.1` });
    expect(await db.score.count({ where: { modelVersion: `${V}+site.1` } })).toBe(220);
    await storeThread("later", [{ id: "n1", body: "This column is shoddy and silly, as usual from this paper." }]);
    const later = await db.comment.findFirstOrThrow({
      where: { sourceCommentId: "n1" },
      select: { modStatus: true, flagReasons: true, scores: { select: { modelVersion: true, incivility: true } } },
    });
    expect(later.scores).toEqual([{ modelVersion: `${V}+site.1`, incivility: expect.any(Number) }]);
    expect(later.scores[0]!.incivility).toBeGreaterThanOrEqual(0.5);
    expect(later).toMatchObject({ modStatus: "flagged", flagReasons: expect.arrayContaining(["over threshold"]) });
  });

  it("keeps the active calibration when a new fit is no better", async () => {
    // A refit compares itself with the active calibration on the held-back labels. It may
    // still win a round or two (the comment stored since is a new label); once a fit cannot
    // beat the active one by the required margin, the active one stays.
    let report = await calibrateFromDecisions();
    for (let round = 0; report.activated && round < 3; round++) report = await calibrateFromDecisions();
    expect(report.activated).toBe(false);
    const active = report.currentModel.version;
    expect(active).toMatch(new RegExp(`^${V.replaceAll(".", "\\.")}\\+site\\.\\d+$`));
    expect(report.reason).toContain(`kept builtin-default ${active}:`);
    expect(report.after!.f1).toBeLessThan(report.before!.f1 + 0.005);
    expect(activeScorer().model.version).toBe(active);
  });

  it("returns to the shipped model on request: everything re-scored, flags only the calibration raised withdrawn", async () => {
    const active = activeScorer().model.version;
    expect(active).toContain("+site.");
    const later = "This column is shoddy and silly, as usual from this paper.";
    // Flagged under the calibration (see above); the shipped model scores it under the line.
    expect(builtinEngine("default").score(later).incivility).toBeLessThan(0.5);

    const result = await revertSiteCalibration();
    expect(result).toMatchObject({ from: { version: active }, to: { name: "builtin-default", version: V } });
    expect(result.rescored).toBe(await db.comment.count());
    expect(result.unflagged).toBeGreaterThanOrEqual(1);
    expect(activeScorer().model.version).toBe(V);
    expect(await db.score.count({ where: { modelVersion: V } })).toBe(await db.comment.count());
    const n1 = await db.comment.findFirstOrThrow({ where: { sourceCommentId: "n1" }, select: { id: true, modStatus: true, flagReasons: true } });
    expect(n1).toMatchObject({ modStatus: "none", flagReasons: [] });
    expect(await db.decision.findFirst({ where: { commentId: n1.id }, orderBy: { id: "desc" } })).toMatchObject({ action: "unflag", via: "system" });
    // No comment is left in the queue for an "over threshold" the active scores no longer show.
    const { rows } = await pool.query(
      `SELECT c.id FROM comment c JOIN score s ON s.comment_id = c.id AND s.model_version = $1
       WHERE c.mod_status = 'flagged' AND 'over threshold' = ANY (c.flag_reasons) AND s.incivility < 0.5`,
      [V],
    );
    expect(rows).toEqual([]);

    await expect(revertSiteCalibration()).rejects.toThrow(/no site calibration is active/);
    // The next calibration gets a new revision: a version never names two sets of weights.
    const revision = Number(active.split("+site.")[1]);
    const refit = await calibrateFromDecisions({ dryRun: true });
    expect(refit.candidateModel!.version).toBe(`${V}+site.${revision + 1}`);
  });

  it("runs learning and returning as queued work, one at a time, with progress and the outcome in words", async () => {
    const { user: admin } = await createUser({ email: "model-admin@test.local", role: "admin" });
    const { runId } = await startScoringChange("calibrate", admin.id);
    expect(await getProgress(runId)).toMatchObject({ kind: "calibrate", state: "queued" });
    // One waits already: a second is refused until a worker has taken it.
    await expect(startScoringChange("revert")).rejects.toThrow(/already waiting for a worker/);
    // What a worker does with it: take the job, run the handler, complete the job.
    const { message } = await work(runId);
    const done = await getProgress(runId);
    expect(done).toMatchObject({ state: "done", message });
    // The same labels as above, against the shipped model again: it activates and re-scores everything.
    expect(message).toMatch(/^labels: \d+ comments/);
    expect(message).toContain("\nactivated ");
    expect(done!.total).toBe(await db.comment.count());
    expect(activeScorer().model.version).toContain("+site.");
    // A web process other than the worker's, still on the shipped model, takes the new one up
    // as soon as it reports the finished run, not at its next periodic re-read.
    useActiveState({ scorer: builtinScorerFor("default", null), provider: "builtin", profile: "default", calibration: null, loadedAt: Date.now() });
    expect(activeScorer().model.version).toBe(V);
    expect(await followScoringChange(runId)).toMatchObject({ state: "done" });
    expect(activeScorer().model.version).toContain("+site.");

    // Back to the shipped model, queued the same way; a second return has nothing to return from, and says why.
    const back = await startScoringChange("revert");
    expect((await work(back.runId)).message).toMatch(/^Returned to builtin-default /);
    const revert = (await startScoringChange("revert")).runId;
    await expect(work(revert)).rejects.toThrow(/no site calibration is active/);
    expect(await getProgress(revert)).toMatchObject({ state: "failed", message: expect.stringMatching(/^no site calibration is active/) });

    // The activity log says how each ended, beside who started it (the first in that admin's name).
    const { rows: outcomes } = await pool.query<{ user_id: number | null; action: string; run: string }>(
      "SELECT user_id, action, detail->>'runId' AS run FROM activity_event WHERE detail->>'runId' = ANY($1::text[]) ORDER BY id",
      [[runId, back.runId, revert]],
    );
    expect(outcomes).toEqual([
      { user_id: admin.id, action: "learned from decisions: a new model is active", run: runId },
      { user_id: null, action: "returned to the shipped model", run: back.runId },
      { user_id: null, action: "returning to the shipped model failed", run: revert },
    ]);
  });

  it("a change waiting can be cancelled, and one whose worker died is reported failed, not running for ever", async () => {
    const { runId } = await startScoringChange("calibrate");
    expect(await pendingScoringChange()).toMatchObject({ id: runId, state: "queued" });
    expect(await cancelScoringChange(runId, "admin@test.local")).toMatchObject({ state: "failed", message: "cancelled by admin@test.local before a worker took it" });
    expect(await pendingScoringChange()).toBeNull();
    await expect(cancelScoringChange(runId, "admin@test.local")).rejects.toThrow(/it is failed, no longer waiting/);
    // A worker that took the job just before the cancel does not start it.
    expect(await runScoringChange({ kind: "calibrate", runId })).toEqual({ message: "not started: cancelled or given up on before a worker took it" });
    expect(await getProgress(runId)).toMatchObject({ state: "failed", message: "cancelled by admin@test.local before a worker took it" });

    // A worker took one and died: its row says running, it reports nothing, and no one holds the lock.
    const dead = (await startScoringChange("revert")).runId;
    await (await getBoss()).fetch("scoring-change");
    await db.$executeRawUnsafe("UPDATE job_progress SET state = 'running', updated_at = now() - interval '3 minutes' WHERE id = $1", dead);
    // It may have flagged comments by the model it was trying: the message says how to put them right.
    expect(await followScoringChange(dead)).toMatchObject({
      state: "failed",
      message: expect.stringMatching(/^the worker stopped before it finished.*start it again\. Comments it re-scored before it stopped may carry that model's flags: Settings → Apply the rules to stored comments/),
    });
    // A silent run whose lock is still held is alive: left as it is.
    const quiet = (await startScoringChange("revert")).runId;
    await db.$executeRawUnsafe("UPDATE job_progress SET state = 'running', updated_at = now() - interval '3 minutes' WHERE id = $1", quiet);
    const other = await pool.connect();
    try {
      await other.query("SELECT pg_advisory_lock(72611240)");
      expect(await followScoringChange(quiet)).toMatchObject({ state: "running" });
    } finally {
      await other.query("SELECT pg_advisory_unlock(72611240)");
      other.release();
    }
    await (await getBoss()).cancel("scoring-change", quiet);
  });
});

afterAll(async () => {
  await stopBoss();
});

/** Takes the queued scoring change as a worker would, runs it, and completes (or fails) its job. */
async function work(runId: string): Promise<{ message: string }> {
  const boss = await getBoss();
  const [job] = await boss.fetch<{ kind: "calibrate" | "revert"; runId: string; userId?: number | null }>("scoring-change");
  expect(job?.id).toBe(runId);
  try {
    const result = await runScoringChange(job!.data);
    await boss.complete("scoring-change", job!.id);
    return result;
  } catch (err) {
    await boss.fail("scoring-change", job!.id, { message: String(err) });
    throw err;
  }
}
