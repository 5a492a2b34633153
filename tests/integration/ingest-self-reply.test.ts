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
