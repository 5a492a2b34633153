import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { importFiles } from "@/lib/ingest";
import { decideComment } from "@/lib/moderation";
import { createUser } from "@/lib/auth/users";
import { ERASED_NAME, ERASED_TEXT, eraseCommenter } from "@/lib/privacy/erase-commenter";
import { checkRollups } from "@/lib/analytics/rollups";

const tmp = await fs.mkdtemp(path.join(os.tmpdir(), "cdk-reopen-"));
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

type Row = { sourceId: string; author: string; body: string };
const SOURCE = "reopen-site";

async function importRows(name: string, rows: readonly Row[]) {
  const file = path.join(tmp, name);
  const lines = rows.map((r, i) => JSON.stringify({ "thread.key": "reopen-thread", ...r, postedAt: `2026-04-01T10:0${i}:00Z` }));
  await fs.writeFile(file, lines.join("\n") + "\n");
  return importFiles([file], { sourceKey: SOURCE });
}

async function state(sourceId: string) {
  const { rows } = await pool.query<{ id: number; mod_status: string; flag_reasons: string[]; mod_version: number; commenter_id: number }>(
    "SELECT c.id, c.mod_status, c.flag_reasons, c.mod_version, c.commenter_id FROM comment c JOIN source s ON s.id = c.source_id WHERE s.key = $1 AND c.source_comment_id = $2",
    [SOURCE, sourceId],
  );
  return rows[0]!;
}

describe("a re-import changing the text of a decided comment", () => {
  it("puts an approved or rejected comment back in the queue, logged, and leaves unchanged and escalated ones alone", async () => {
    const moderator = (await createUser({ email: "reopen@test.local", role: "moderator", password: "long-enough-pw" })).user;
    const first: Row[] = [
      { sourceId: "p1", author: "Ann", body: "A calm first comment." },
      { sourceId: "p2", author: "Bob", body: "A second comment, calm too." },
      { sourceId: "p3", author: "Cat", body: "A third comment about the budget." },
      { sourceId: "p4", author: "Dan", body: "A fourth comment about the schools." },
    ];
    await importRows("first.jsonl", first);
    const decide = async (sourceId: string, action: "approve" | "reject" | "escalate") => {
      const s = await state(sourceId);
      await decideComment(s.id, { action, expectedVersion: s.mod_version, ...(action === "reject" ? { reason: "spam" } : {}) }, { userId: moderator.id });
    };
    await decide("p1", "approve");
    await decide("p2", "reject");
    await decide("p3", "escalate");
    await decide("p4", "approve");
    // The page saved again after p1's comment was removed: every later text moves up one row.
    const before = await state("p1");
    await importRows("second.jsonl", [
      { sourceId: "p1", author: "Bob", body: "A second comment, calm too." },
      { sourceId: "p2", author: "Cat", body: "A third comment about the budget." },
      { sourceId: "p3", author: "Dan", body: "A fourth comment about the schools." },
      { sourceId: "p4", author: "Dan", body: "A fourth comment about the schools." },
    ]);
    const p1 = await state("p1");
    expect(p1).toMatchObject({ mod_status: "flagged", flag_reasons: ["text changed since decided"] });
    expect((await state("p2")).mod_status).toBe("flagged");
    // Still under review: escalated stays escalated, with a new version that refuses a decision on the old words.
    expect((await state("p3")).mod_status).toBe("escalated");
    expect((await state("p4")).mod_status).toBe("approved");
    const { rows: log } = await pool.query(
      "SELECT user_id, action, reason, previous_status, new_status, previous_version, via FROM decision WHERE comment_id = $1 ORDER BY id",
      [p1.id],
    );
    expect(log.at(-1)).toEqual({
      user_id: null, action: "restore", reason: "text changed since decided", previous_status: "approved", new_status: "flagged",
      previous_version: before.mod_version, via: "system",
    });
    // The logged decision moves with the comment in the workload rollups, as a moderator's would.
    expect(await checkRollups()).toEqual([]);
    // The next import's flag rules keep it in the queue, saying why.
    await importRows("third.jsonl", [{ sourceId: "p1", author: "Bob", body: "A second comment, calm too. Edited." }]);
    expect(await state("p1")).toMatchObject({ mod_status: "flagged", flag_reasons: ["text changed since decided"] });
    // Re-dated and rewritten in one statement, as a re-import replacing an estimated time and the text writes it.
    const p4 = await state("p4");
    await pool.query("UPDATE comment SET body = 'A rewritten fourth comment.', posted_at = posted_at - interval '40 days' WHERE id = $1", [p4.id]);
    expect((await state("p4")).mod_status).toBe("flagged");
    expect(await checkRollups()).toEqual([]);
  });

  it("does not reopen a decided comment whose text an erasure replaced", async () => {
    await importRows("erase.jsonl", [{ sourceId: "e1", author: "Eve", body: "Please remove me later." }]);
    const moderator = (await createUser({ email: "reopen-erase@test.local", role: "moderator", password: "long-enough-pw" })).user;
    const e1 = await state("e1");
    await decideComment(e1.id, { action: "approve", expectedVersion: e1.mod_version }, { userId: moderator.id });
    await eraseCommenter(e1.commenter_id);
    expect((await state("e1")).mod_status).toBe("approved");
    // The source still has the text: a re-import leaves the erased comment as it is.
    const again = await importRows("erase.jsonl", [{ sourceId: "e1", author: "Eve", body: "Please remove me later." }]);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
    const { rows } = await pool.query("SELECT body, author_name, mod_status FROM comment WHERE id = $1", [e1.id]);
    expect(rows).toEqual([{ body: ERASED_TEXT, author_name: ERASED_NAME, mod_status: "approved" }]);
    // Nor does it bring back the commenter the erasure removed.
    expect((await pool.query("SELECT 1 FROM commenter WHERE display_name = 'Eve'")).rowCount).toBe(0);
  });

  it("clears the reason once a person decides on the new text", async () => {
    const moderator = (await createUser({ email: "reopen-clear@test.local", role: "moderator", password: "long-enough-pw" })).user;
    await importRows("clear-1.jsonl", [{ sourceId: "c1", author: "Flo", body: "The first words." }]);
    let c1 = await state("c1");
    await decideComment(c1.id, { action: "approve", expectedVersion: c1.mod_version }, { userId: moderator.id });
    await importRows("clear-2.jsonl", [{ sourceId: "c1", author: "Flo", body: "Other words now." }]);
    c1 = await state("c1");
    expect(c1).toMatchObject({ mod_status: "flagged", flag_reasons: ["text changed since decided"] });
    // Escalating sends it on with its reason; approving clears it, and a restore then brings none back.
    await decideComment(c1.id, { action: "escalate", expectedVersion: c1.mod_version }, { userId: moderator.id });
    c1 = await state("c1");
    expect(c1.flag_reasons).toContain("text changed since decided");
    await decideComment(c1.id, { action: "approve", expectedVersion: c1.mod_version }, { userId: moderator.id });
    c1 = await state("c1");
    await decideComment(c1.id, { action: "restore", expectedVersion: c1.mod_version }, { userId: moderator.id });
    expect((await state("c1")).flag_reasons).not.toContain("text changed since decided");
  });
});
