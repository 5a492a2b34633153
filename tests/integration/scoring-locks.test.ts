import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { importFiles } from "@/lib/ingest";
import { rescoreComments } from "@/lib/scoring/rescore";
import { scorerByName } from "@/lib/scoring/registry";
import { seedScored } from "../support/moderation-fixture";

const tmp = await fs.mkdtemp(path.join(os.tmpdir(), "cdk-locks-"));
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

/** Holds a row lock on a comment, as an import rewriting it (or a decision) does, until released. */
async function holdComment(id: number) {
  const client = await pool.connect();
  await client.query("BEGIN");
  await client.query("SELECT 1 FROM comment WHERE id = $1 FOR UPDATE", [id]);
  return async () => {
    await client.query("COMMIT");
    client.release();
  };
}

const lexiconScored = async (ids: number[]) =>
  (await pool.query<{ id: number }>("SELECT comment_id AS id FROM score WHERE model = 'builtin-lexicon' AND comment_id = ANY($1::int[]) ORDER BY 1", [ids]))
    .rows.map((r) => r.id);

describe("scoring outside an import and the rows an import rewrites", () => {
  it("leaves a comment locked for long to its holder, and waits out a short lock", async () => {
    const ids = [...(await seedScored("locks", [{ id: "lk1" }, { id: "lk2" }, { id: "lk3" }])).values()].sort((a, b) => a - b);
    const scorer = await scorerByName("builtin-lexicon");

    const release = await holdComment(ids[1]!);
    try {
      const result = await rescoreComments({ scorer, flag: true });
      expect(result.scored).toBeGreaterThanOrEqual(2);
      expect(await lexiconScored(ids)).toEqual([ids[0], ids[2]]);
    } finally {
      await release();
    }

    // A lock held for a moment (a moderator's decision) is waited for.
    await pool.query("DELETE FROM score WHERE model = 'builtin-lexicon'");
    const brief = await holdComment(ids[1]!);
    const released = new Promise((resolve) => setTimeout(() => brief().then(resolve), 300));
    await rescoreComments({ scorer, flag: true });
    await released;
    expect(await lexiconScored(ids)).toEqual(ids);
    // The session's own lock timeout is left as it was.
    const { rows } = await pool.query("SELECT current_setting('lock_timeout') AS v");
    expect(rows[0].v).toBe("0");
  });

  it("makes an import wait for a change of the scoring model before it scores", async () => {
    const file = path.join(tmp, "wait.jsonl");
    await fs.writeFile(file, JSON.stringify({ "thread.key": "wait-thread", sourceId: "w1", author: "Reader", body: "A comment waiting its turn.", postedAt: "2026-03-01T10:00:00Z" }) + "\n");
    // The exclusive scorer lock, as a running change of the model holds it.
    const change = await pool.connect();
    await change.query("BEGIN");
    await change.query("SELECT pg_advisory_xact_lock(72611241)");
    let finished = false;
    const importing = importFiles([file], { sourceKey: "lock-test" }).then((r) => ((finished = true), r));
    try {
      for (let i = 0; ; i++) {
        const { rows } = await pool.query(
          "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory' AND datname = current_database()",
        );
        if (rows.length) break;
        if (i > 200) throw new Error("the import never waited for the scorer lock");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(finished).toBe(false);
    } finally {
      await change.query("COMMIT");
      change.release();
    }
    expect(await importing).toMatchObject({ inserted: 1, rejected: [] });
  });
});
