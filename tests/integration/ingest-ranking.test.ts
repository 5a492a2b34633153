import { describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { storeComments } from "@/lib/ingest/store";
import { updatePriorities } from "@/lib/moderation/priority";
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

describe("review priority of imported comments", () => {
  it("is computed once the whole file is scored, even when it is scored in many steps", async () => {
    const start = Date.parse("2026-05-04T08:00:00Z");
    // The uncivil comment comes first: scored in the first step, while the rest of its
    // thread (uncivil too) is not scored yet.
    const bodies = [UNCIVIL[0]!, UNCIVIL[1]!, UNCIVIL[0]!, CIVIL[0]!, UNCIVIL[1]!, CIVIL[1]!];
    const comments: ParsedComment[] = bodies.map((body, i) => ({
      sourceCommentId: `rank-${i}`,
      threadKey: "rank-thread",
      authorKey: `reader-${i}`,
      authorName: `Reader ${i}`,
      body,
      postedAt: new Date(start + i * 60_000),
      sourceStatus: "visible",
    }));
    const stored = await storeComments(
      { source: { key: "rank-site", name: "Ranking site", platform: "test" }, threads: [{ key: "rank-thread", title: "Ranking" }], comments },
      { scoreChunk: 2 },
    );
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
