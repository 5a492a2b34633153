import { describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db";
import { eraseCommenter, ERASED_TEXT } from "@/lib/privacy/erase-commenter";
import { seedScored } from "../support/moderation-fixture";

describe("erasing a commenter on request", () => {
  it("removes their name, contact data and texts but keeps threads and the audit log intact", async () => {
    await seedScored("privacy", [
      { id: "pv1", author: "Jane Reader", body: "My neighbour on Elm Street, Joe, is an idiot.", incivility: 0.8 },
      { id: "pv2", author: "Jane Reader", body: "Call me on 555-0100.", parent: "pv1" },
      { id: "pv3", author: "Other Person", body: "Please keep it civil." },
    ]);
    const jane = await db.commenter.findFirstOrThrow({ where: { displayName: "Jane Reader" } });
    await pool.query("UPDATE commenter SET email = 'jane@example.org', ip = '198.51.100.7' WHERE id = $1", [jane.id]);
    const decisionsBefore = await db.decision.count();

    expect(await eraseCommenter(jane.id)).toEqual({ comments: 2 });

    const person = await db.commenter.findUniqueOrThrow({ where: { id: jane.id } });
    expect(person).toMatchObject({ displayName: "Removed", email: null, ip: null });
    const comments = await db.comment.findMany({ where: { commenterId: jane.id }, select: { body: true, authorName: true, parentId: true, scores: { select: { spans: true } } } });
    expect(comments.map((c) => [c.body, c.authorName])).toEqual([[ERASED_TEXT, "Removed"], [ERASED_TEXT, "Removed"]]);
    expect(comments.some((c) => c.parentId !== null)).toBe(true);
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM comment WHERE body LIKE '%Elm Street%' OR body LIKE '%555-0100%'");
    expect(rows[0].n).toBe(0);
    // Nothing else changed and no audit entry was deleted.
    expect((await db.comment.findFirstOrThrow({ where: { sourceCommentId: "pv3" } })).body).toBe("Please keep it civil.");
    expect(await db.decision.count()).toBe(decisionsBefore);
  });

  it("refuses an unknown commenter", async () => {
    await expect(eraseCommenter(999_999)).rejects.toThrow(/not found/);
  });
});
