import { describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db";
import { eraseCommenter, ERASED_NOTE, ERASED_TEXT } from "@/lib/privacy/erase-commenter";
import { ERASED_AT_KEY, lastErasure } from "@/lib/privacy/erasures";
import { seedScored } from "../support/moderation-fixture";

describe("erasing a commenter on request", () => {
  it("removes their name, contact data and texts but keeps threads and the audit log intact", async () => {
    await seedScored("privacy", [
      { id: "pv1", author: "Jane Reader", body: "My neighbour on Elm Street, Joe, is an idiot.", incivility: 0.8 },
      { id: "pv2", author: "Jane Reader", body: "Call me on 555-0100.", parent: "pv1" },
      { id: "pv3", author: "Other Person", body: "Please keep it civil." },
    ]);
    const jane = await db.commenter.findFirstOrThrow({ where: { displayName: "Jane Reader" } });
    await pool.query("UPDATE commenter SET email = 'jane@example.org', ip = '198.51.100.7', key = 'guest:jane reader<jane@example.org>' WHERE id = $1", [jane.id]);
    const pv1 = await db.comment.findFirstOrThrow({ where: { sourceCommentId: "pv1" } });
    // A moderator's note quoting her, and an older model version's score of her text.
    await pool.query(
      "INSERT INTO decision (comment_id, action, reason, note, previous_status, new_status, previous_version, applied, via) VALUES ($1, 'escalate', NULL, 'She names Joe on Elm Street', 'flagged', 'escalated', 0, false, 'test')",
      [pv1.id],
    );
    await pool.query(
      "INSERT INTO score (comment_id, model, model_version, sentiment, sentiment_label, incivility, attributes, spans) VALUES ($1, 'builtin-default', '0.0.1-old', -0.5, 'negative', 0.9, '{}', '[{\"start\":0,\"end\":2,\"attribute\":\"insult\",\"weight\":0.9}]')",
      [pv1.id],
    );
    const decisionsBefore = await db.decision.count();

    const versionsBefore = (await pool.query("SELECT sum(mod_version)::int AS v FROM comment WHERE commenter_id = $1", [jane.id])).rows[0].v;
    expect(await eraseCommenter(jane.id)).toEqual({ comments: 2 });
    // A new version each: a score of the old text read before the erasure can never replace the placeholder's.
    expect((await pool.query("SELECT sum(mod_version)::int AS v FROM comment WHERE commenter_id = $1", [jane.id])).rows[0].v).toBe(versionsBefore + 2);

    const person = await db.commenter.findUniqueOrThrow({ where: { id: jane.id } });
    expect(person).toMatchObject({ displayName: "Removed", email: null, ip: null, key: `erased:${jane.id}` });
    const notes = await pool.query("SELECT note FROM decision WHERE comment_id = $1 AND note IS NOT NULL", [pv1.id]);
    expect(notes.rows.map((r) => r.note)).toEqual([ERASED_NOTE]);
    const versions = await pool.query("SELECT model_version FROM score WHERE comment_id = $1", [pv1.id]);
    expect(versions.rows.map((r) => r.model_version)).not.toContain("0.0.1-old");
    const comments = await db.comment.findMany({ where: { commenterId: jane.id }, select: { body: true, authorName: true, parentId: true, scores: { select: { spans: true } } } });
    expect(comments.map((c) => [c.body, c.authorName])).toEqual([[ERASED_TEXT, "Removed"], [ERASED_TEXT, "Removed"]]);
    expect(comments.some((c) => c.parentId !== null)).toBe(true);
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM comment WHERE body LIKE '%Elm Street%' OR body LIKE '%555-0100%'");
    expect(rows[0].n).toBe(0);
    // Nothing else changed and no audit entry was deleted.
    expect((await db.comment.findFirstOrThrow({ where: { sourceCommentId: "pv3" } })).body).toBe("Please keep it civil.");
    expect(await db.decision.count()).toBe(decisionsBefore);
  });

  it("keeps the decision and activity logs append-only in the database itself", async () => {
    await seedScored("audit", [{ id: "au1", body: "Fine words.", incivility: 0.1 }]);
    const au1 = await db.comment.findFirstOrThrow({ where: { sourceCommentId: "au1" } });
    const { rows } = await pool.query<{ id: number }>(
      "INSERT INTO decision (comment_id, action, reason, note, previous_status, new_status, previous_version, via) VALUES ($1, 'reject', 'insult', 'a note', 'flagged', 'rejected', 0, 'test') RETURNING id",
      [au1.id],
    );
    const id = rows[0]!.id;
    await expect(pool.query("UPDATE decision SET action = 'approve' WHERE id = $1", [id])).rejects.toThrow(/append-only/);
    await expect(pool.query("UPDATE decision SET note = 'x', reason = 'spam' WHERE id = $1", [id])).rejects.toThrow(/append-only/);
    await expect(pool.query("DELETE FROM decision WHERE id = $1", [id])).rejects.toThrow(/append-only/);
    // The erasure's one change: an existing note replaced by its placeholder, and nothing else.
    await expect(pool.query("UPDATE decision SET note = 'rewritten' WHERE id = $1", [id])).rejects.toThrow(/append-only/);
    await pool.query("UPDATE decision SET note = $2 WHERE id = $1", [id, ERASED_NOTE]);
    // Nor can deleting the account behind them rewrite who did what.
    const { createUser } = await import("@/lib/auth/users");
    const { user } = await createUser({ email: "leaves@test.local", role: "moderator" });
    await pool.query(
      "INSERT INTO decision (comment_id, user_id, action, previous_status, new_status, previous_version, via) VALUES ($1, $2, 'approve', 'flagged', 'approved', 0, 'test')",
      [au1.id, user.id],
    );
    await expect(pool.query("DELETE FROM app_user WHERE id = $1", [user.id])).rejects.toThrow(/foreign key/);
    const event = await pool.query<{ id: number }>(
      "INSERT INTO activity_event (via, action, subject) VALUES ('cli', 'changed a setting', 'thresholds') RETURNING id",
    );
    const eventId = event.rows[0]!.id;
    await expect(pool.query("UPDATE activity_event SET subject = 'nothing' WHERE id = $1", [eventId])).rejects.toThrow(/append-only/);
    await expect(pool.query("DELETE FROM activity_event WHERE id = $1", [eventId])).rejects.toThrow(/append-only/);
    const kept = await pool.query("SELECT d.action, d.reason, d.note, a.subject FROM decision d, activity_event a WHERE d.id = $1 AND a.id = $2", [id, eventId]);
    expect(kept.rows).toEqual([{ action: "reject", reason: "insult", note: ERASED_NOTE, subject: "thresholds" }]);
  });

  it("refuses an unknown commenter", async () => {
    await expect(eraseCommenter(999_999)).rejects.toThrow(/not found/);
  });

  it("records when it happened, by the database's clock and in its own transaction, for export files to be judged by", async () => {
    await seedScored("erased-at", [{ id: "ea1", author: "Ea Reader", body: "Time me.", incivility: 0.1 }]);
    const { id } = await db.commenter.findFirstOrThrow({ where: { displayName: "Ea Reader" } });
    const before = await lastErasure();
    // A refused erasure changes nothing, this record included.
    await expect(eraseCommenter(999_999)).rejects.toThrow(/not found/);
    expect(await lastErasure()).toBe(before);
    const { rows } = await pool.query<{ start: Date }>("SELECT now() AS start");
    await eraseCommenter(id);
    const first = await lastErasure();
    expect(first).not.toBe(before);
    expect(new Date(first!).getTime()).toBeGreaterThanOrEqual(rows[0]!.start.getTime());
    await eraseCommenter(id);
    expect(await lastErasure()).not.toBe(first);
    expect((await pool.query("SELECT count(*)::int AS n FROM setting WHERE key = $1", [ERASED_AT_KEY])).rows[0].n).toBe(1);
  });
});
