import { describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { checkRollups } from "@/lib/analytics/rollups";
import { storeComments } from "@/lib/ingest/store";
import type { ParsedComment } from "@/lib/ingest/types";
import { insertScore } from "./analytics-dataset";

const BODIES = [
  "The council budget hides the parking fees again.",
  "Thanks for explaining the parking fees so clearly.",
  "You idiot, the budget was never hidden.",
  "Parking fees pay for the buses; read the budget.",
];

/** Counts of the word rollup rows of one model version: all rows, and distinct keys. */
async function wordRows(version: string): Promise<{ rows: number; keys: number; comments: number }> {
  const { rows } = await pool.query<{ rows: number; keys: number; comments: number }>(
    `SELECT count(*)::int AS rows, count(DISTINCT (day, source_id, section, word))::int AS keys,
       coalesce(sum(comments), 0)::int AS comments
     FROM rollup_word_day WHERE model_version = $1`,
    [version],
  );
  return rows[0]!;
}

const WORDS_SITE = { source: { key: "words-site", name: "Words", platform: "test" }, threads: [{ key: "words-thread", title: "Words" }] };

describe("the word rollup of an import", () => {
  it("is grouped once for the whole file, with the same sums as a rebuild", async () => {
    // Twelve comments over two days, scored two at a time: six score statements.
    const start = Date.parse("2026-06-01T20:00:00Z");
    const comments: ParsedComment[] = Array.from({ length: 12 }, (_, i) => ({
      sourceCommentId: `w-${i}`,
      threadKey: "words-thread",
      authorKey: `reader-${i % 3}`,
      authorName: `Reader ${i % 3}`,
      body: `${BODIES[i % BODIES.length]!} #${i}`,
      postedAt: new Date(start + i * 40 * 60_000),
      sourceStatus: "visible",
    }));
    const stored = await storeComments({ ...WORDS_SITE, comments }, { scoreChunk: 2 });
    expect(stored.scored).toBe(12);
    const { rows: versions } = await pool.query<{ model_version: string }>(
      "SELECT DISTINCT s.model_version FROM score s JOIN comment c ON c.id = s.comment_id WHERE c.source_comment_id LIKE 'w-%'",
    );
    expect(versions).toHaveLength(1);
    const imported = await wordRows(versions[0]!.model_version);
    // "budget", "parking" and "fees" are in 9 comments each: one row per word and day, not one per step.
    expect(imported.rows).toBe(imported.keys);
    expect(imported.comments).toBeGreaterThan(imported.keys);
    expect(await checkRollups()).toEqual([]);

    // A newer export edits one text: its old words leave the rollup and the new ones arrive.
    const edited = comments.map((c, i) => (i === 1 ? { ...c, body: "Thanks, though the parking fees stay absurd." } : c));
    const again = await storeComments({ ...WORDS_SITE, comments: edited }, { scoreChunk: 2 });
    expect(again).toMatchObject({ updated: 1, unchanged: 11, scored: 1 });
    expect(await checkRollups()).toEqual([]);
    const { rows: absurd } = await pool.query<{ n: number }>(
      "SELECT coalesce(sum(comments), 0)::int AS n FROM rollup_word_day WHERE word = 'absurd' AND model_version = $1",
      [versions[0]!.model_version],
    );
    expect(absurd[0]!.n).toBe(1);

    // Outside an import, scores roll their words up as they are stored.
    const { rows: one } = await pool.query<{ id: number }>("SELECT id FROM comment WHERE source_comment_id = 'w-0'");
    await insertScore(one[0]!.id, "words-direct", { sentiment: -0.2, label: "negative", incivility: 0.1 });
    const direct = await wordRows("words-direct");
    expect(direct.comments).toBe(5); // council, budget, hides, parking, fees ("the" and "again" are stop words)
    expect(await checkRollups()).toEqual([]);
    const { rows: setting } = await pool.query<{ on: string | null }>(
      "SELECT current_setting('comment_desk.defer_word_rollup', true) AS on",
    );
    expect(setting[0]!.on).not.toBe("on");
  });

  it("drops other models' scores of a text a newer export changes, and keeps them where the text stays", async () => {
    const site = { source: { key: "rewrite-site", name: "Rewrites", platform: "test" }, threads: [{ key: "rewrite-thread", title: "Rewrites" }] };
    const base = { threadKey: "rewrite-thread", authorKey: "reader", authorName: "Reader", postedAt: new Date("2026-06-02T10:00:00Z"), sourceStatus: "visible" as const };
    const comments: ParsedComment[] = [
      { ...base, sourceCommentId: "rw-1", body: "The parking fees are fair and clearly explained." },
      { ...base, sourceCommentId: "rw-2", body: "The buses run late every morning." },
    ];
    await storeComments({ ...site, comments });
    const { rows: ids } = await pool.query<{ id: number }>("SELECT id FROM comment WHERE source_comment_id IN ('rw-1', 'rw-2') ORDER BY source_comment_id");
    for (const { id } of ids) await insertScore(id, "rewrite-other", { sentiment: 0.4, label: "positive", incivility: 0.02 });
    // A newer export: the first text is rewritten, the second only deleted at the source.
    const edited: ParsedComment[] = [{ ...comments[0]!, body: "You idiot, these parking fees are a scandal." }, { ...comments[1]!, sourceStatus: "deleted" }];
    expect(await storeComments({ ...site, comments: edited })).toMatchObject({ updated: 2 });
    const { rows: kept } = await pool.query<{ sid: string }>(
      "SELECT c.source_comment_id AS sid FROM score s JOIN comment c ON c.id = s.comment_id WHERE s.model_version = 'rewrite-other' ORDER BY 1",
    );
    expect(kept.map((r) => r.sid)).toEqual(["rw-2"]);
    const { rows: scandal } = await pool.query<{ n: number }>(
      "SELECT coalesce(sum(comments), 0)::int AS n FROM rollup_word_day WHERE model_version = 'rewrite-other' AND word = 'scandal'",
    );
    expect(scandal[0]!.n).toBe(0);
    expect(await checkRollups()).toEqual([]);
  });

  it("imports on a connection whose temporary-table buffers are already sized", async () => {
    // Every pooled connection uses a temporary table first, so the import cannot enlarge its buffers.
    const clients = await Promise.all(Array.from({ length: 10 }, () => pool.connect()));
    for (const c of clients) {
      await c.query("CREATE TEMP TABLE IF NOT EXISTS used_first (n int)");
      await c.query("INSERT INTO used_first VALUES (1)");
    }
    for (const c of clients) c.release();
    const stored = await storeComments({
      source: { key: "buffers-site", name: "Buffers", platform: "test" },
      threads: [{ key: "buffers-thread", title: "Buffers" }],
      comments: [{ sourceCommentId: "b-1", threadKey: "buffers-thread", authorKey: "r", authorName: "R", body: "Plain words here.", postedAt: new Date("2026-06-02T10:00:00Z"), sourceStatus: "visible" }],
    });
    expect(stored).toMatchObject({ inserted: 1, scored: 1 });
    expect(await checkRollups()).toEqual([]);
  });
});
