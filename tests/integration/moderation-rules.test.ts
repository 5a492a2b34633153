import { describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db";
import { addTerm, removeTerm, getThresholds, getWordLists, listQueue, setThresholds, setThreadState, thresholdQuality, threadStateSchema, decideComment } from "@/lib/moderation";
import { flagComments } from "@/lib/moderation/flag";
import { activeScorer } from "@/lib/scoring";
import { ConflictError } from "@/lib/errors";
import { REQUEUED_REASON, TEXT_CHANGED_REASON } from "@/lib/moderation/constants";
import { createUser } from "@/lib/auth/users";
import { seedScored } from "../support/moderation-fixture";

async function status(id: number) {
  return db.comment.findUniqueOrThrow({ where: { id }, select: { modStatus: true, flagReasons: true, priority: true } });
}

describe("priority", () => {
  it("puts threats before insults of the same incivility, repeat offenders before newcomers, and lets waiting items rise", async () => {
    const ids = await seedScored("prio", [
      { id: "p-insult", incivility: 0.8, attributes: { insult: 0.8 } },
      { id: "p-threat", incivility: 0.8, attributes: { threat: 0.8 } },
      { id: "p-mild", incivility: 0.55 },
      { id: "p-old-offender-1", author: "repeat", incivility: 0.9, attributes: { insult: 0.9 } },
      { id: "p-repeat", author: "repeat", incivility: 0.6 },
      { id: "p-newcomer", author: "newcomer", incivility: 0.6 },
    ]);
    const moderator = (await createUser({ email: "prio@test.local", role: "moderator", password: "long-enough-pw" })).user;
    const old = await status(ids.get("p-old-offender-1")!);
    expect(old.modStatus).toBe("flagged");
    const v = (await db.comment.findUniqueOrThrow({ where: { id: ids.get("p-old-offender-1")! } })).modVersion;
    await decideComment(ids.get("p-old-offender-1")!, { action: "reject", reason: "insult", expectedVersion: v }, { userId: moderator.id });

    const order = (await listQueue({ status: "flagged", thread: (await db.thread.findFirstOrThrow({ where: { key: "prio" } })).id })).items.map(
      (i) => [...ids.entries()].find(([, id]) => id === i.id)![0],
    );
    expect(order.indexOf("p-threat")).toBeLessThan(order.indexOf("p-insult"));
    expect(order.indexOf("p-repeat")).toBeLessThan(order.indexOf("p-newcomer"));
    expect(order[order.length - 1]).toBe("p-mild");

    // Five days in the queue lift the mild comment above a fresh insult.
    await pool.query("UPDATE comment SET flagged_at = flagged_at - interval '5 days' WHERE id = $1", [ids.get("p-mild")]);
    const { updatePriorities } = await import("@/lib/moderation/priority");
    const { activeScorer } = await import("@/lib/scoring");
    await updatePriorities([ids.get("p-mild")!], activeScorer().model);
    const after = (await listQueue({ status: "flagged" })).items.map((i) => i.id);
    expect(after.indexOf(ids.get("p-mild")!)).toBeLessThan(after.indexOf(ids.get("p-insult")!));
    const mild = (await listQueue({ status: "flagged" })).items.find((i) => i.id === ids.get("p-mild"))!;
    expect(mild.breakdown.waitingDays).toBeGreaterThan(4.9);
  });
});

describe("thresholds per attribute", () => {
  it("flags a likely threat even when overall incivility is low", async () => {
    await setThresholds({ threat: 0.4 });
    const ids = await seedScored("thr", [
      { id: "t-low-threat", incivility: 0.2, attributes: { threat: 0.45 } },
      { id: "t-calm", incivility: 0.2, attributes: { threat: 0.1 } },
    ]);
    expect(await status(ids.get("t-low-threat")!)).toMatchObject({ modStatus: "flagged", flagReasons: ["threat ≥ 0.4"] });
    expect((await status(ids.get("t-calm")!)).modStatus).toBe("none");
  });

  it("flags nothing by a threshold set to off (100%), and refuses one below 5%", async () => {
    await setThresholds({ profanity: 1 });
    const ids = await seedScored("off", [{ id: "o-swear", incivility: 0.2, attributes: { profanity: 1 } }]);
    expect((await status(ids.get("o-swear")!)).modStatus).toBe("none");
    await expect(setThresholds({ insult: 0 })).rejects.toThrow(/at least 5%/);
    await setThresholds({ profanity: 0.8 });
  });
});

describe("threshold edits by two admins", () => {
  it("keeps both when they change different thresholds, and refuses the second when they change the same one", async () => {
    const start = await getThresholds();
    try {
      // Both forms opened on `start`; the first saves insult, the second profanity.
      await setThresholds({ insult: 0.65 }, { seen: { insult: start.insult } });
      const second = await setThresholds({ profanity: 0.75 }, { seen: { profanity: start.profanity } });
      expect(second).toMatchObject({ insult: 0.65, profanity: 0.75 });

      // The second form, still on `start`, changes insult too: refused, naming it, with what is stored.
      const refused = await setThresholds({ insult: 0.9 }, { seen: { insult: start.insult } }).catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(ConflictError);
      expect((refused as ConflictError).message).toMatch(/another admin changed insult/);
      expect((refused as ConflictError).current).toMatchObject({ insult: 0.65, profanity: 0.75 });
      expect((await getThresholds()).insult).toBe(0.65);

      // Saving the value the other admin already saved is no conflict.
      await expect(setThresholds({ insult: 0.65 }, { seen: { insult: start.insult } })).resolves.toMatchObject({ insult: 0.65 });

      // Ten saves of one threshold at once from the same starting point: one wins, the rest are refused.
      const values = [0.31, 0.32, 0.33, 0.34, 0.35, 0.36, 0.37, 0.38, 0.39, 0.41];
      const outcomes = await Promise.allSettled(values.map((threat) => setThresholds({ threat }, { seen: { threat: start.threat } })));
      const won = outcomes.flatMap((o, i) => (o.status === "fulfilled" ? [values[i]] : []));
      expect(won).toHaveLength(1);
      expect((await getThresholds()).threat).toBe(won[0]);
    } finally {
      await setThresholds(start);
    }
  });
});

describe("word lists", () => {
  it("rejects banned terms, flags suspect ones, with wildcards and whole words", async () => {
    expect(await addTerm("banned", "scumbag*")).toBe("added");
    expect(await addTerm("suspect", "sh*t")).toBe("added");
    expect(await addTerm("suspect", "class")).toBe("added");
    // Once per list, and never on both lists.
    expect(await addTerm("suspect", " Class ")).toBe("present");
    expect(await addTerm("banned", "class")).toBe("other-list");
    // The same new term added to both lists at the same moment lands on one of them only.
    for (let i = 0; i < 5; i++) {
      const term = `racer${i}`;
      const outcomes = await Promise.all([addTerm("banned", term), addTerm("suspect", term)]);
      expect(outcomes.sort()).toEqual(["added", "other-list"]);
      const { rows } = await pool.query("SELECT kind FROM word_list_term WHERE term = $1", [term]);
      expect(rows).toHaveLength(1);
      await pool.query("DELETE FROM word_list_term WHERE term = $1", [term]);
    }
    expect((await getWordLists()).banned).not.toContain("class");
    const ids = await seedScored("words", [
      { id: "w-banned", body: "Typical SCUMBAGS running the council." },
      { id: "w-suspect", body: "What a load of shoot, honestly, and shit too." },
      { id: "w-partial", body: "A classic case of bad planning." },
      { id: "w-clean", body: "Thanks for the clear explanation." },
    ]);
    expect(await status(ids.get("w-banned")!)).toMatchObject({ modStatus: "rejected", flagReasons: ["banned term: scumbags"] });
    const log = await db.decision.findFirstOrThrow({ where: { commentId: ids.get("w-banned")! } });
    expect(log).toMatchObject({ action: "reject", reason: "banned term", userId: null, via: "system", newStatus: "rejected" });
    expect(await status(ids.get("w-suspect")!)).toMatchObject({ modStatus: "flagged", flagReasons: ["suspect term: shoot", "suspect term: shit"] });
    expect((await status(ids.get("w-partial")!)).modStatus).toBe("none");
    expect((await status(ids.get("w-clean")!)).modStatus).toBe("none");
    const rejected = await listQueue({ status: "rejected", reason: "banned term" });
    expect(rejected.items.map((i) => i.id)).toContain(ids.get("w-banned"));
  });

  it("keeps each word list to 1,000 terms", async () => {
    const { rows } = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM word_list_term WHERE kind = 'suspect'");
    await pool.query(
      "INSERT INTO word_list_term (kind, term) SELECT 'suspect', 'filler' || n FROM generate_series(1, $1::int) AS n",
      [1000 - rows[0]!.n],
    );
    try {
      expect(await addTerm("suspect", "one too many")).toBe("full");
      expect(await addTerm("banned", "still room here")).toBe("added");
    } finally {
      await pool.query("DELETE FROM word_list_term WHERE term LIKE 'filler%' OR term = 'still room here'");
    }
  });

  it("never overrides a human decision", async () => {
    const ids = await seedScored("words2", [{ id: "w-human", body: "Fine words.", incivility: 0.9 }]);
    const moderator = (await createUser({ email: "words@test.local", role: "moderator", password: "long-enough-pw" })).user;
    const c = await db.comment.findUniqueOrThrow({ where: { id: ids.get("w-human")! } });
    await decideComment(c.id, { action: "approve", expectedVersion: c.modVersion }, { userId: moderator.id });
    await addTerm("banned", "fine");
    const { flagComments } = await import("@/lib/moderation");
    const { activeScorer } = await import("@/lib/scoring");
    await flagComments([c.id], activeScorer().model);
    expect((await status(c.id)).modStatus).toBe("approved");
  });
});

describe("flags after a rescore", () => {
  it("brings reasons up to date and takes comments no rule flags out of the queue, unless a person put them there", async () => {
    const ids = await seedScored("stale", [
      { id: "st-only-score", incivility: 0.8 },
      { id: "st-score-and-term", body: "A grubby little column.", incivility: 0.8 },
      { id: "st-restored", incivility: 0.8 },
      { id: "st-still", incivility: 0.97 },
    ]);
    await addTerm("suspect", "grubby");
    const moderator = (await createUser({ email: "stale@test.local", role: "moderator", password: "long-enough-pw" })).user;
    const restored = await db.comment.findUniqueOrThrow({ where: { id: ids.get("st-restored")! } });
    await decideComment(restored.id, { action: "approve", expectedVersion: restored.modVersion }, { userId: moderator.id });
    await decideComment(restored.id, { action: "restore", expectedVersion: restored.modVersion + 1 }, { userId: moderator.id });
    for (const id of ids.values()) expect((await status(id)).modStatus).toBe("flagged");

    // As after a rescore that lowered these scores below the line: the rules run again.
    await setThresholds({ incivility: 0.95 });
    try {
      const { flagComments } = await import("@/lib/moderation");
      const { activeScorer } = await import("@/lib/scoring");
      expect(await flagComments([...ids.values()], activeScorer().model)).toEqual({ flagged: 0, unflagged: 1 });

      expect(await status(ids.get("st-only-score")!)).toMatchObject({ modStatus: "none", flagReasons: [] });
      const unflag = await db.decision.findFirstOrThrow({ where: { commentId: ids.get("st-only-score")! }, orderBy: { id: "desc" } });
      expect(unflag).toMatchObject({ action: "unflag", userId: null, via: "system", previousStatus: "flagged", newStatus: "none", applied: true });
      expect(await status(ids.get("st-score-and-term")!)).toMatchObject({ modStatus: "flagged", flagReasons: ["suspect term: grubby"] });
      // A moderator sent it back to the queue: it stays, without the stale reason.
      expect(await status(ids.get("st-restored")!)).toMatchObject({ modStatus: "flagged", flagReasons: [] });
      expect(await status(ids.get("st-still")!)).toMatchObject({ modStatus: "flagged", flagReasons: ["over threshold"] });
      const queue = (await listQueue({ status: "flagged", thread: (await db.thread.findFirstOrThrow({ where: { key: "stale" } })).id })).items;
      expect(queue.map((i) => i.id).sort()).toEqual([ids.get("st-score-and-term"), ids.get("st-restored"), ids.get("st-still")].sort());
    } finally {
      await setThresholds({ incivility: 0.5 });
    }
  });
});

describe("threshold quality", () => {
  it("computes precision and recall against human decisions", async () => {
    const ids = await seedScored("quality", [
      { id: "q1", incivility: 0.9 },
      { id: "q2", incivility: 0.7 },
      { id: "q3", incivility: 0.6 },
      { id: "q4", incivility: 0.2, status: "pending" },
    ]);
    const moderator = (await createUser({ email: "quality@test.local", role: "moderator", password: "long-enough-pw" })).user;
    const decide = async (key: string, action: "approve" | "reject") => {
      const c = await db.comment.findUniqueOrThrow({ where: { id: ids.get(key)! } });
      await decideComment(c.id, { action, reason: action === "reject" ? "insult" : undefined, expectedVersion: c.modVersion }, { userId: moderator.id });
    };
    await decide("q1", "reject");
    await decide("q2", "approve");
    await decide("q3", "reject");
    await decide("q4", "reject");
    const quality = await thresholdQuality();
    // Human decisions in this file's database (tests run in order): p-old-offender-1 0.9 rejected,
    // w-human 0.9 approved, q1 0.9 rejected, q2 0.7 approved, q3 0.6 rejected, q4 0.2 rejected.
    expect(quality).toMatchObject({ labelled: 6, rejected: 4 });
    const at = (t: number) => quality.curves.incivility.find((p) => Math.abs(p.threshold - t) < 1e-9)!;
    expect(at(0.65)).toEqual({ threshold: 0.65, precision: 2 / 4, recall: 2 / 4 });
    expect(at(0.5)).toEqual({ threshold: 0.5, precision: 3 / 5, recall: 3 / 4 });
    expect(at(0.95)).toEqual({ threshold: 0.95, precision: null, recall: 0 });
    expect(quality.curves.threat).toHaveLength(21);
    // A re-import changed q1's text: the database puts it back in the queue with the system's
    // restore, and the rejection no longer speaks for the text (nor for its new score).
    await pool.query(
      `UPDATE comment SET body = 'Another text altogether.', content_hash = 'changed-q1' WHERE id = $1`,
      [ids.get("q1")!],
    );
    const reopened = await db.decision.findFirst({ where: { commentId: ids.get("q1")!, userId: null, action: "restore" } });
    expect(reopened?.reason).toBe(TEXT_CHANGED_REASON);
    expect(await thresholdQuality()).toMatchObject({ labelled: 5, rejected: 3 });
  });
});

describe("pre-moderation", () => {
  it("holds the comments imported since it began, not the ones already published, however often the rules run", async () => {
    const before = await seedScored("premod", [{ id: "pm-old", incivility: 0.1 }]);
    const { rows } = await pool.query<{ thread_id: number }>("SELECT thread_id FROM comment WHERE id = $1", [before.get("pm-old")!]);
    const thread = rows[0]!.thread_id;
    expect(await setThreadState(thread, { premoderated: true })).toEqual(["pre-moderated a thread"]);
    // Saying it again (another moderator was first) changes nothing, and says so.
    expect(await setThreadState(thread, { premoderated: true })).toEqual([]);
    expect(() => threadStateSchema.parse({})).toThrow(/say what to change/);
    const later = await seedScored("premod", [{ id: "pm-new", incivility: 0.1 }]);
    expect(await status(later.get("pm-new")!)).toMatchObject({ modStatus: "flagged", flagReasons: ["thread pre-moderated"] });
    // The rules run again over both (a rescore, "Apply the rules"): the published comment stays published.
    await flagComments([before.get("pm-old")!, later.get("pm-new")!], activeScorer().model);
    expect(await status(before.get("pm-old")!)).toMatchObject({ modStatus: "none" });
    expect(await status(later.get("pm-new")!)).toMatchObject({ modStatus: "flagged", flagReasons: ["thread pre-moderated"] });
    // A re-import changes the published comment (edited at the source): the new text is held.
    await seedScored("premod", [{ id: "pm-old", body: "Edited after the fact.", incivility: 0.1 }]);
    expect(await status(before.get("pm-old")!)).toMatchObject({ modStatus: "flagged", flagReasons: ["thread pre-moderated"] });
    expect(await setThreadState(thread, { premoderated: false, closed: true })).toEqual(["closed a thread", "stopped pre-moderating a thread"]);
  });
});

describe("applying the rules to stored comments", () => {
  it("brings back a comment the rules rejected for a term taken off the list, and leaves people's rejections alone", async () => {
    await addTerm("banned", "plonker*");
    const ids = await seedScored("reapply", [
      { id: "ra-released", body: "What a plonker." },
      { id: "ra-reflagged", body: "Plonkers, the lot of you.", incivility: 0.8 },
      { id: "ra-still", body: "Another plonker and a bampot." },
      { id: "ra-person", body: "Plonker again." },
      { id: "ra-calm", body: "Quiet evening.", incivility: 0.3 },
      { id: "ra-erased", body: "Plonker, plonker." },
      { id: "ra-requeued", body: "Some plonker wrote this." },
    ]);
    await addTerm("banned", "bampot");
    for (const key of ["ra-released", "ra-reflagged", "ra-still", "ra-person"]) expect((await status(ids.get(key)!)).modStatus).toBe("rejected");
    // A moderator rejected this one too (after the rules): their decision is the last word.
    const moderator = (await createUser({ email: "reapply@test.local", role: "moderator", password: "long-enough-pw" })).user;
    const person = await db.comment.findUniqueOrThrow({ where: { id: ids.get("ra-person")! } });
    await decideComment(person.id, { action: "restore", expectedVersion: person.modVersion }, { userId: moderator.id });
    await decideComment(person.id, { action: "reject", reason: "insult", expectedVersion: person.modVersion + 1 }, { userId: moderator.id });
    // A moderator sent this one back to the queue; the rules rejected it again there.
    const requeued = await db.comment.findUniqueOrThrow({ where: { id: ids.get("ra-requeued")! } });
    await decideComment(requeued.id, { action: "restore", expectedVersion: requeued.modVersion }, { userId: moderator.id });
    const { flagComments } = await import("@/lib/moderation");
    await flagComments([requeued.id], (await import("@/lib/scoring")).activeScorer().model);
    expect((await status(requeued.id)).modStatus).toBe("rejected");
    // This one's commenter had their data erased: its text is a placeholder now.
    const { eraseCommenter } = await import("@/lib/privacy/erase-commenter");
    const erased = await db.comment.findUniqueOrThrow({ where: { id: ids.get("ra-erased")! } });
    await eraseCommenter(erased.commenterId!);
    const scoresBefore = await pool.query("SELECT comment_id, incivility, scored_at FROM score WHERE comment_id = ANY($1::int[]) ORDER BY comment_id", [[...ids.values()]]);

    await removeTerm("banned", "plonker*");
    await setThresholds({ incivility: 0.25 });
    try {
      const { rescoreComments } = await import("@/lib/scoring/rescore");
      const { activeScorer } = await import("@/lib/scoring");
      const [{ last }] = (await pool.query<{ last: number }>("SELECT coalesce(max(id), 0) AS last FROM decision")).rows as [{ last: number }];
      const result = await rescoreComments({ scorer: activeScorer(), rulesOnly: true });
      // The run reports what it logged (the file's other comments meet the lower threshold too).
      const { rows: logged } = await pool.query<{ action: string; n: number }>(
        `SELECT CASE WHEN reason LIKE '%back in the queue' THEN 'requeue' ELSE action::text END AS action, count(*)::int AS n
         FROM decision WHERE id > $1 AND user_id IS NULL GROUP BY 1`,
        [last],
      );
      const n = (action: string) => logged.find((r) => r.action === action)?.n ?? 0;
      expect(n("flag")).toBeGreaterThanOrEqual(2);
      expect(result).toMatchObject({ flagged: n("flag") + n("reject") + n("requeue"), unflagged: n("unflag") + n("restore") });
      expect(n("restore")).toBe(1);
      expect(n("requeue")).toBe(1);

      expect(await status(ids.get("ra-released")!)).toMatchObject({ modStatus: "none", flagReasons: [] });
      const released = await db.decision.findFirstOrThrow({ where: { commentId: ids.get("ra-released")! }, orderBy: { id: "desc" } });
      expect(released).toMatchObject({ action: "restore", reason: "no banned term any more", userId: null, via: "system", previousStatus: "rejected", newStatus: "none" });
      expect(await status(ids.get("ra-reflagged")!)).toMatchObject({ modStatus: "flagged", flagReasons: ["over threshold"] });
      const reflagged = await db.decision.findFirstOrThrow({ where: { commentId: ids.get("ra-reflagged")! }, orderBy: { id: "desc" } });
      expect(reflagged).toMatchObject({ action: "flag", userId: null, previousStatus: "rejected", newStatus: "flagged" });
      // Still banned, by the other term: its reason says which, and nothing is logged again.
      expect(await status(ids.get("ra-still")!)).toMatchObject({ modStatus: "rejected", flagReasons: ["banned term: bampot"] });
      expect(await db.decision.count({ where: { commentId: ids.get("ra-still")! } })).toBe(1);
      expect(await status(ids.get("ra-person")!)).toMatchObject({ modStatus: "rejected" });
      expect(await status(ids.get("ra-calm")!)).toMatchObject({ modStatus: "flagged", flagReasons: ["over threshold"] });
      // Its rejection stays: no rule judges a placeholder.
      expect(await status(ids.get("ra-erased")!)).toMatchObject({ modStatus: "rejected" });
      // Back where the moderator had put it, not out of the queue, and the rules will not take it out.
      expect(await status(ids.get("ra-requeued")!)).toMatchObject({ modStatus: "flagged", flagReasons: [REQUEUED_REASON] });
      const requeuedLog = await db.decision.findFirstOrThrow({ where: { commentId: ids.get("ra-requeued")! }, orderBy: { id: "desc" } });
      expect(requeuedLog).toMatchObject({ action: "restore", userId: null, previousStatus: "rejected", newStatus: "flagged" });
      // Nothing was scored again.
      const scoresAfter = await pool.query("SELECT comment_id, incivility, scored_at FROM score WHERE comment_id = ANY($1::int[]) ORDER BY comment_id", [[...ids.values()]]);
      expect(scoresAfter.rows).toEqual(scoresBefore.rows);

      // A second run changes nothing.
      expect(await rescoreComments({ scorer: activeScorer(), rulesOnly: true })).toMatchObject({ flagged: 0, unflagged: 0 });
    } finally {
      await setThresholds({ incivility: 0.5 });
      await removeTerm("banned", "bampot");
    }
  });
});
