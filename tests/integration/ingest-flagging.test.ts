import { describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { storeComments } from "@/lib/ingest/store";
import { updatePriorities } from "@/lib/moderation/priority";
import { addTerm } from "@/lib/moderation";
import { activeScorer } from "@/lib/scoring";
import type { ParsedComment } from "@/lib/ingest/types";

const UNCIVIL = [
  "You pathetic idiot, shut up and get lost, you moron.",
  "What a stupid, ignorant clown you are. Disgusting.",
];
const CIVIL = ["Thanks for the clear report on the council budget.", "I disagree with the mayor on parking fees."];

async function priorities(ids: readonly number[]): Promise<Map<number, number>> {
  const { rows } = await pool.query<{ id: number; priority: number }>(
    "SELECT id, priority FROM comment WHERE id = ANY($1::int[]) ORDER BY id",
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.priority]));
}

/**
 * Imports one thread of comments, one a minute from `at`, from different readers,
 * scored and flagged two at a time so every rule crosses step boundaries.
 */
function importThread(key: string, bodies: readonly string[], at: string) {
  const start = Date.parse(at);
  const comments: ParsedComment[] = bodies.map((body, i) => ({
    sourceCommentId: `${key}-${i}`,
    threadKey: `${key}-thread`,
    authorKey: `${key}-reader-${i}`,
    authorName: `Reader ${i}`,
    body,
    postedAt: new Date(start + i * 60_000),
    sourceStatus: "visible",
  }));
  return storeComments(
    { source: { key: `${key}-site`, name: `Site ${key}`, platform: "test" }, threads: [{ key: `${key}-thread`, title: key }], comments },
    { scoreChunk: 2 },
  );
}

describe("review priority of imported comments", () => {
  it("is computed once the whole file is scored, even when it is scored in many steps", async () => {
    // The uncivil comment comes first: scored in the first step, while the rest of its
    // thread (uncivil too) is not scored yet.
    const bodies = [UNCIVIL[0]!, UNCIVIL[1]!, UNCIVIL[0]!, CIVIL[0]!, UNCIVIL[1]!, CIVIL[1]!];
    const stored = await importThread("rank", bodies, "2026-05-04T08:00:00Z");
    expect(stored.scored).toBe(6);
    expect(stored.flagged).toBe(4);

    const { rows } = await pool.query<{ id: number }>(
      "SELECT id FROM comment WHERE source_comment_id LIKE 'rank-%' AND mod_status = 'flagged' ORDER BY id",
    );
    expect(rows).toHaveLength(4);
    const ids = rows.map((r) => r.id);
    const imported = await priorities(ids);
    // Ranking again, with everything scored, changes nothing: the import ranked with the full thread.
    await updatePriorities(ids, activeScorer().model);
    const again = await priorities(ids);
    for (const id of ids) expect(imported.get(id)).toBeCloseTo(again.get(id)!, 9);
    // The first comment and a later one with the same text share thread, heat and flag time.
    expect(imported.get(ids[0]!)).toBeCloseTo(imported.get(ids[2]!)!, 9);
  });
});

describe("word lists on import", () => {
  it("rejects banned terms and flags suspect ones in every scoring step, with the reasons logged", async () => {
    await addTerm("banned", "scumbag*");
    await addTerm("suspect", "rigged");
    const stored = await importThread("words", [
      "The vote was rigged from the start.",
      "Typical scumbags on the council again.",
      "A calm note about the bus timetable.",
      "Only scumbags would say that.",
      "Thanks for the clear report on the council budget.",
    ], "2026-05-05T08:00:00Z");
    expect(stored.flagged).toBe(3);
    const { rows } = await pool.query<{ sid: string; mod_status: string; flag_reasons: string[]; reason: string | null }>(
      `SELECT c.source_comment_id AS sid, c.mod_status, c.flag_reasons, d.reason
       FROM comment c LEFT JOIN decision d ON d.comment_id = c.id
       WHERE c.source_comment_id LIKE 'words-%' ORDER BY c.source_comment_id`,
    );
    expect(rows.map((r) => [r.sid, r.mod_status, r.flag_reasons, r.reason])).toEqual([
      ["words-0", "flagged", ["suspect term: rigged"], "suspect term: rigged"],
      ["words-1", "rejected", ["banned term: scumbags"], "banned term"],
      ["words-2", "none", [], null],
      ["words-3", "rejected", ["banned term: scumbags"], "banned term"],
      ["words-4", "none", [], null],
    ]);
  });
});
