import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { importFiles } from "@/lib/ingest";

const tmp = await fs.mkdtemp(path.join(os.tmpdir(), "cdk-self-reply-"));
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

describe("a comment naming itself as its parent", () => {
  it("is stored as a top-level comment, with a note, and re-imports unchanged", async () => {
    const file = path.join(tmp, "self.jsonl");
    const record = (sourceId: string, parentSourceId: string | null, minute: number) =>
      JSON.stringify({ "thread.key": "self-thread", sourceId, parentSourceId, author: "Reader", body: `Comment ${sourceId}.`, postedAt: `2026-05-01T10:0${minute}:00Z` });
    await fs.writeFile(file, [record("s1", null, 0), record("s2", "s2", 1), record("s3", "s1", 2)].join("\n") + "\n");
    const first = await importFiles([file], { sourceKey: "self-site" });
    expect(first).toMatchObject({ inserted: 3, rejected: [] });
    expect(first.perFile[0]!.notes).toContain("1 comment names itself as its parent: it was stored as a top-level comment");
    const { rows } = await pool.query(
      `SELECT c.source_comment_id AS sid, p.source_comment_id AS parent FROM comment c LEFT JOIN comment p ON p.id = c.parent_id
       JOIN source s ON s.id = c.source_id WHERE s.key = 'self-site' ORDER BY c.source_comment_id`,
    );
    expect(rows).toEqual([{ sid: "s1", parent: null }, { sid: "s2", parent: null }, { sid: "s3", parent: "s1" }]);
    expect(await importFiles([file], { sourceKey: "self-site" })).toMatchObject({ inserted: 0, updated: 0 });
  });
});

describe("a reply naming a comment of another thread", () => {
  it("is not linked under that conversation, and counts as a missing parent, in one file or across imports", async () => {
    const record = (thread: string, sourceId: string, parentSourceId: string | null, minute: number) =>
      JSON.stringify({ "thread.key": thread, sourceId, parentSourceId, author: "Reader", body: `Comment ${sourceId}.`, postedAt: `2026-05-01T10:0${minute}:00Z` });
    const first = path.join(tmp, "threads.jsonl");
    // x2 names x1 in another thread; y2 names y1 of its own thread; z2 names x1, stored by then, and comes in a later file.
    await fs.writeFile(first, [record("a", "x1", null, 0), record("b", "x2", "x1", 1), record("b", "y1", null, 2), record("b", "y2", "y1", 3)].join("\n") + "\n");
    const imported = await importFiles([first], { sourceKey: "cross-site" });
    expect(imported).toMatchObject({ inserted: 4, rejected: [] });
    expect(imported.perFile[0]!.notes).toContain("1 replies name a parent that is not in the data (or is in another thread)");
    const later = path.join(tmp, "later.jsonl");
    await fs.writeFile(later, `${record("c", "z2", "x1", 4)}\n`);
    expect((await importFiles([later], { sourceKey: "cross-site" })).perFile[0]!.notes).toContain("1 replies name a parent that is not in the data (or is in another thread)");
    const { rows } = await pool.query(
      `SELECT c.source_comment_id AS sid, p.source_comment_id AS parent FROM comment c LEFT JOIN comment p ON p.id = c.parent_id
       JOIN source s ON s.id = c.source_id WHERE s.key = 'cross-site' ORDER BY c.source_comment_id`,
    );
    expect(rows).toEqual([
      { sid: "x1", parent: null },
      { sid: "x2", parent: null },
      { sid: "y1", parent: null },
      { sid: "y2", parent: "y1" },
      { sid: "z2", parent: null },
    ]);

    // A later export moves y1 to another thread; its reply y2, unchanged, stays where it was and loses it as parent.
    const moved = path.join(tmp, "moved.jsonl");
    await fs.writeFile(moved, `${record("d", "y1", null, 2)}\n`);
    expect(await importFiles([moved], { sourceKey: "cross-site" })).toMatchObject({ updated: 1, rejected: [] });
    const { rows: after } = await pool.query(
      `SELECT c.source_comment_id AS sid, c.parent_id FROM comment c JOIN source s ON s.id = c.source_id
       WHERE s.key = 'cross-site' AND c.source_comment_id = 'y2'`,
    );
    expect(after).toEqual([{ sid: "y2", parent_id: null }]);
  });
});
