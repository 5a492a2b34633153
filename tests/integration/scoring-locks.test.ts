import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { importFiles } from "@/lib/ingest";
import { storeComments } from "@/lib/ingest/store";
import { rescoreComments } from "@/lib/scoring/rescore";
import { loadActiveScorer, scorerByName } from "@/lib/scoring/registry";
import { seedScored } from "../support/moderation-fixture";
import { SCORER_LOCK } from "@/lib/scoring/lock";
import { until } from "../support/until";
import { checkRollups } from "@/lib/analytics/rollups";

const tmp = await fs.mkdtemp(path.join(os.tmpdir(), "cdk-locks-"));
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

describe("scoring outside an import and the texts an import rewrites", () => {
  it("never stores the score of a text read before an import changed it over the import's own", async () => {
    const id = (await seedScored("race-text", [{ id: "rt1", body: "A mild remark." }])).get("rt1")!;
    const { rows } = await pool.query<{ v: number }>("SELECT mod_version AS v FROM comment WHERE id = $1", [id]);
    const v = rows[0]!.v;
    const scorer = await scorerByName("builtin-lexicon");
    // An import changes the text and stores its score of the new text, not yet committed...
    const importing = await pool.connect();
    await importing.query("BEGIN");
    await importing.query("UPDATE comment SET body = 'You absolute idiot.', mod_version = mod_version + 1 WHERE id = $1", [id]);
    await importing.query(
      `INSERT INTO score (comment_id, model, model_version, sentiment, sentiment_label, incivility, attributes, spans, comment_version)
       VALUES ($1, $2, $3, -0.5, 'negative', 0.987, '{}', '[]', $4)`,
      [id, scorer.model.name, scorer.model.version, v + 1],
    );
    // ...while a rescore reads the old text and, storing its score, waits for the import.
    const rescoring = rescoreComments({ scorer });
    try {
      await until("the rescore to wait for the import", async () =>
        (await pool.query("SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")).rowCount, 10_000);
    } finally {
      await importing.query("COMMIT");
      importing.release();
    }
    await rescoring;
    const stored = await pool.query("SELECT incivility, comment_version FROM score WHERE comment_id = $1 AND model = 'builtin-lexicon'", [id]);
    expect(stored.rows).toEqual([{ incivility: 0.987, comment_version: v + 1 }]);
    // A later rescore reads the new text and replaces it as usual.
    await rescoreComments({ scorer });
    const again = await pool.query("SELECT incivility, comment_version FROM score WHERE comment_id = $1 AND model = 'builtin-lexicon'", [id]);
    expect(again.rows[0].comment_version).toBe(v + 1);
    expect(again.rows[0].incivility).not.toBe(0.987);
  });

  it("gives way to an import rewriting a comment the rescore flags, instead of deadlocking with it", async () => {
    const seeded = await seedScored("race-flag", [{ id: "rf1", body: "You absolute idiot, you moron." }, { id: "rf2", body: "A calm neighbour." }]);
    const id = seeded.get("rf1")!;
    const scorer = await loadActiveScorer(pool);
    const { rows } = await pool.query<{ v: number }>("SELECT mod_version AS v FROM comment WHERE id = $1", [id]);
    const v = rows[0]!.v;
    // An import rewrites the text (holding the comment until it commits)...
    const importing = await pool.connect();
    await importing.query("BEGIN");
    await importing.query("UPDATE comment SET body = 'A mild remark.', mod_version = mod_version + 1 WHERE id = $1", [id]);
    // ...while a rescore scores the old text and waits to store its score (or to flag the comment).
    const gaveWay: string[] = [];
    let sent = 0;
    const counting = { ...scorer, scoreTexts: (texts: string[]) => ((sent += texts.length), scorer.scoreTexts(texts)) };
    const rescoring = rescoreComments({ scorer: counting, flag: true, onGiveWay: (code) => gaveWay.push(code) });
    rescoring.catch(() => {});
    try {
      await until("the rescore to wait for the import", async () =>
        (await pool.query("SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")).rowCount, 5000);
      // The import now stores its score of the new text: the rescore gives way rather than one of them failing as a deadlock.
      await importing.query(
        `INSERT INTO score (comment_id, model, model_version, sentiment, sentiment_label, incivility, attributes, spans, comment_version)
         VALUES ($1, $2, $3, 0, 'neutral', 0.01, '{}', '[]', $4)
         ON CONFLICT (comment_id, model, model_version) DO UPDATE SET incivility = EXCLUDED.incivility, comment_version = EXCLUDED.comment_version`,
        [id, scorer.model.name, scorer.model.version, v + 1],
      );
      // Held past the batch's own 0.4 s limit: the batch gives way at least once.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await importing.query("COMMIT");
    } catch (err) {
      await importing.query("ROLLBACK");
      throw err;
    } finally {
      importing.release();
    }
    await expect(rescoring).resolves.toMatchObject({ model: scorer.model });
    // Its own short wait ended it (55P03), before PostgreSQL's deadlock check (40P01) could pick either.
    expect(gaveWay.length).toBeGreaterThan(0);
    expect(gaveWay.every((code) => code === "55P03")).toBe(true);
    // Each try read the same texts again: only the one the import changed went to the scorer twice.
    const { rows: all } = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM comment");
    expect(sent).toBe(all[0]!.n + 1);
    // The score kept is of the new text (the import's, or the rescore's own run again), and it is left unflagged.
    const stored = await pool.query(
      `SELECT s.comment_version, c.mod_status FROM score s JOIN comment c ON c.id = s.comment_id
       WHERE s.comment_id = $1 AND s.model = $2 AND s.model_version = $3`,
      [id, scorer.model.name, scorer.model.version],
    );
    expect(stored.rows).toEqual([{ comment_version: v + 1, mod_status: "none" }]);
  });

  it("keeps the insights rollups exact when another model's rescore stores scores while an import re-dates the comment", async () => {
    const id = (await seedScored("race-rollup", [{ id: "rr1", body: "You absolute idiot, you clown." }])).get("rr1")!;
    const scorer = await scorerByName("builtin-lexicon");
    await pool.query("DELETE FROM score WHERE comment_id = $1 AND model = $2", [id, scorer.model.name]);
    // An import moves the comment to another day, not yet committed...
    const importing = await pool.connect();
    await importing.query("BEGIN");
    await importing.query("UPDATE comment SET posted_at = posted_at - interval '10 days' WHERE id = $1", [id]);
    // ...while a rescore with another model stores the comment's first score of that model.
    const rescoring = rescoreComments({ scorer, onlyMissing: true });
    rescoring.catch(() => {});
    try {
      // It waits for the import; had it not, it is done by now, having counted the comment on its old day.
      await until("the rescore to wait for the import", async () =>
        (await pool.query("SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")).rowCount, 5000).catch(() => {});
    } finally {
      await importing.query("COMMIT");
      importing.release();
    }
    await expect(rescoring).resolves.toMatchObject({ model: scorer.model });
    // Counted on the comment's new day only (the rollups equal a rebuild from the tables).
    expect(await checkRollups()).toEqual([]);
  });

  it("never stores another model's score of a text an import rewrote while that text was being scored", async () => {
    const site = { source: { key: "race-rewrite", name: "Race", platform: "test" }, threads: [{ key: "race-rewrite-thread", title: "Race" }] };
    const comment = { sourceCommentId: "rw1", threadKey: "race-rewrite-thread", authorKey: "r", authorName: "Reader", postedAt: new Date("2026-03-02T10:00:00Z"), sourceStatus: "visible" as const };
    await storeComments({ ...site, comments: [{ ...comment, body: "A mild remark about the ferry." }] });
    const { rows: [row] } = await pool.query<{ id: number }>("SELECT id FROM comment WHERE source_comment_id = 'rw1'");
    const lexicon = await scorerByName("builtin-lexicon");
    // A rescore with another model whose scoring waits until the import below has committed.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let scoring!: () => void;
    const started = new Promise<void>((resolve) => (scoring = resolve));
    const slow = { ...lexicon, scoreTexts: async (texts: string[]) => (scoring(), await gate, lexicon.scoreTexts(texts)) };
    const rescoring = rescoreComments({ scorer: slow, onlyMissing: true });
    rescoring.catch(() => {});
    await started;
    // Meanwhile a newer export rewrites the text (and drops other models' scores of the old one).
    await storeComments({ ...site, comments: [{ ...comment, body: "You idiot, the ferry is a scandal." }] });
    release();
    await rescoring;
    const { rows } = await pool.query<{ comment_version: number; mod_version: number }>(
      `SELECT s.comment_version, c.mod_version FROM score s JOIN comment c ON c.id = s.comment_id
       WHERE s.comment_id = $1 AND s.model = $2 AND s.model_version = $3`,
      [row!.id, lexicon.model.name, lexicon.model.version],
    );
    // The score stored is of the text as it is now, not of the one the import replaced.
    expect(rows).toHaveLength(1);
    expect(rows[0]!.comment_version).toBe(rows[0]!.mod_version);
    expect(await checkRollups()).toEqual([]);
  });

  it("makes an import wait for a change of the scoring model before it scores", async () => {
    const file = path.join(tmp, "wait.jsonl");
    await fs.writeFile(file, JSON.stringify({ "thread.key": "wait-thread", sourceId: "w1", author: "Reader", body: "A comment waiting its turn.", postedAt: "2026-03-01T10:00:00Z" }) + "\n");
    // The exclusive scorer lock, as a running change of the model holds it.
    const change = await pool.connect();
    await change.query("BEGIN");
    await change.query("SELECT pg_advisory_xact_lock($1)", [SCORER_LOCK]);
    let finished = false;
    const importing = importFiles([file], { sourceKey: "lock-test" }).then((r) => ((finished = true), r));
    const changePid = (await change.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
    const running = () =>
      pool.query("SELECT 1 FROM pg_stat_activity WHERE xact_start IS NOT NULL AND pid NOT IN ($1, pg_backend_pid()) AND datname = current_database()", [changePid]);
    try {
      // It waits with no transaction open (which would hold back vacuum) and no run recorded yet
      // (a run recorded but not locked would look dead to other instances).
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(finished).toBe(false);
      expect((await running()).rowCount).toBe(0);
      expect((await pool.query("SELECT 1 FROM import_run WHERE file = $1", [file])).rowCount).toBe(0);
      expect((await pool.query("SELECT 1 FROM comment WHERE source_comment_id = 'w1'")).rowCount).toBe(0);
    } finally {
      await change.query("COMMIT");
      change.release();
    }
    expect(await importing).toMatchObject({ inserted: 1, rejected: [] });
  });
});
