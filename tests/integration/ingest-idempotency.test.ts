import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db";
import { importFiles } from "@/lib/ingest";
import { demoComments, planDemo } from "@/lib/demo/generate";
import { writeDisqusExport } from "@/lib/demo/disqus-xml";
import { FIXTURES } from "../support/paths";

const tmp = await fsp.mkdtemp(path.join(os.tmpdir(), "cdk-idem-"));
afterAll(() => fsp.rm(tmp, { recursive: true, force: true }));

async function snapshot(sourceKey: string) {
  const { rows } = await pool.query(
    `SELECT c.id, c.source_comment_id, c.content_hash, c.parent_id, c.thread_id, c.updated_at
     FROM comment c JOIN source s ON s.id = c.source_id WHERE s.key = $1 ORDER BY c.id`,
    [sourceKey],
  );
  return rows;
}

type Post = { id: string; thread: string; body: string; at: string; parent?: string; deleted?: boolean };
function disqusXml(threads: { id: string; link: string; title: string; closed?: boolean }[], posts: Post[]): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
${threads.map((t) => `<thread dsq:id="${t.id}"><forum>tribune</forum><link>${t.link}</link><title>${t.title}</title>${t.closed === undefined ? "" : `<isClosed>${t.closed}</isClosed>`}</thread>`).join("\n")}
${posts
  .map(
    (p) => `<post dsq:id="${p.id}"><message><![CDATA[<p>${p.body}</p>]]></message><createdAt>${p.at}</createdAt>
  <isDeleted>${!!p.deleted}</isDeleted><author><name>R${p.id}</name><username>r${p.id}</username></author>
  <thread dsq:id="${p.thread}"/>${p.parent ? `<parent dsq:id="${p.parent}"/>` : ""}</post>`,
  )
  .join("\n")}
</disqus>`;
}

describe("re-importing", () => {
  it("changes nothing when the same export is imported again", async () => {
    const file = path.join(FIXTURES, "isso", "disqus.xml");
    const first = await importFiles([file]);
    expect(first).toMatchObject({ inserted: 5, unchanged: 0, orphans: 1 });
    const before = await snapshot("disqus:disqusdev");
    const scoresBefore = await db.score.count();
    const lockers = () => pool.query("SELECT id, xmax::text FROM comment ORDER BY id").then((r) => r.rows);
    const lockedBefore = await lockers();
    const again = await importFiles([file]);
    expect(again).toMatchObject({ files: 1, threads: 2, comments: 5, inserted: 0, updated: 0, unchanged: 5, orphans: 1, rejected: [] });
    expect(await snapshot("disqus:disqusdev")).toEqual(before);
    expect(await db.score.count()).toBe(scoresBefore);
    // Not even locked: a row the re-import locked carries its transaction in xmax, and a moderator's
    // decision on it would have waited for the whole file.
    expect(await lockers()).toEqual(lockedBefore);
  });

  it("never reopens a thread a moderator closed", async () => {
    const file = path.join(FIXTURES, "isso", "disqus.xml");
    await importFiles([file]);
    const { rows } = await pool.query<{ id: number }>(
      "SELECT t.id FROM thread t JOIN source s ON s.id = t.source_id WHERE s.key = 'disqus:disqusdev' ORDER BY t.id LIMIT 1",
    );
    await pool.query("UPDATE thread SET closed = true WHERE id = $1", [rows[0]!.id]);
    await importFiles([file]);
    const after = await pool.query("SELECT closed FROM thread WHERE id = $1", [rows[0]!.id]);
    expect(after.rows).toEqual([{ closed: true }]);
  });

  it("keeps a thread's title when a later file names the thread without one", async () => {
    const xml = path.join(tmp, "titled.xml");
    await fsp.writeFile(xml, disqusXml([{ id: "t-titled", link: "https://tribune.example/budget", title: "Budget vote" }], [{ id: "p-titled", thread: "t-titled", body: "First.", at: "2026-03-01T10:00:00Z" }]).replace("<forum>tribune</forum>", "<forum>gazette</forum>"));
    await importFiles([xml]);
    const lines = path.join(tmp, "untitled.jsonl");
    await fsp.writeFile(lines, `${JSON.stringify({ "thread.key": "t-titled", sourceId: "p-later", author: "Ann", body: "Later.", postedAt: "2026-03-02T10:00:00Z" })}\n`);
    await importFiles([lines], { sourceKey: "disqus:gazette" });
    const title = async () => (await pool.query("SELECT t.title FROM thread t JOIN source s ON s.id = t.source_id WHERE s.key = 'disqus:gazette' AND t.key = 't-titled'")).rows;
    expect(await title()).toEqual([{ title: "Budget vote" }]);
    // A title the file does give still replaces it.
    await fsp.writeFile(lines, `${JSON.stringify({ "thread.key": "t-titled", "thread.title": "Budget vote, updated", sourceId: "p-later", author: "Ann", body: "Later.", postedAt: "2026-03-02T10:00:00Z" })}\n`);
    await importFiles([lines], { sourceKey: "disqus:gazette" });
    expect(await title()).toEqual([{ title: "Budget vote, updated" }]);
  });

  it("adds only what is new from a larger export and updates what changed, matching threads by canonical URL", async () => {
    const threads = [{ id: "t1", link: "https://tribune.example/city/bridge-vote/", title: "Bridge vote" }];
    const base: Post[] = [
      { id: "1", thread: "t1", body: "First.", at: "2024-03-01T10:00:00Z" },
      { id: "2", thread: "t1", body: "Second.", at: "2024-03-01T10:05:00Z", parent: "1" },
      { id: "3", thread: "t1", body: "Third.", at: "2024-03-01T10:10:00Z" },
    ];
    const older = path.join(tmp, "tribune-march.xml");
    await fsp.writeFile(older, disqusXml(threads, base));
    expect(await importFiles([older])).toMatchObject({ threads: 1, comments: 3, inserted: 3, updated: 0, unchanged: 0 });

    // The newer export: post 2 edited, post 3 deleted by the site, a reply to 3 listed before it,
    // and the same article again under another origin with a trailing slash gone and tracking added.
    const newer = path.join(tmp, "tribune-april.xml");
    await fsp.writeFile(
      newer,
      disqusXml(
        [...threads, { id: "t1-amp", link: "http://amp.tribune.example/city/bridge-vote?utm_source=push", title: "Bridge vote (AMP)" }],
        [
          base[0]!,
          { ...base[1]!, body: "Second, edited." },
          { id: "4", thread: "t1", body: "Reply to third.", at: "2024-03-02T09:00:00Z", parent: "3" },
          { ...base[2]!, deleted: true },
          { id: "5", thread: "t1-amp", body: "From the AMP page.", at: "2024-03-02T10:00:00Z" },
        ],
      ),
    );
    const before = new Map((await snapshot("disqus:tribune")).map((r) => [r.source_comment_id, r]));
    const result = await importFiles([newer]);
    expect(result).toMatchObject({ threads: 1, comments: 5, inserted: 2, updated: 2, unchanged: 1, rejected: [] });

    const rows = await pool.query(
      `SELECT c.source_comment_id AS id, c.body, c.source_status AS status, p.source_comment_id AS parent, t.key AS thread
       FROM comment c JOIN source s ON s.id = c.source_id JOIN thread t ON t.id = c.thread_id LEFT JOIN comment p ON p.id = c.parent_id
       WHERE s.key = 'disqus:tribune' ORDER BY c.source_comment_id`,
    );
    expect(rows.rows).toEqual([
      { id: "1", body: "First.", status: "visible", parent: null, thread: "t1" },
      { id: "2", body: "Second, edited.", status: "visible", parent: "1", thread: "t1" },
      { id: "3", body: "Third.", status: "deleted", parent: null, thread: "t1" },
      { id: "4", body: "Reply to third.", status: "visible", parent: "3", thread: "t1" },
      { id: "5", body: "From the AMP page.", status: "visible", parent: null, thread: "t1" },
    ]);
    expect(await db.thread.count({ where: { source: { key: "disqus:tribune" } } })).toBe(1);
    const after = new Map((await snapshot("disqus:tribune")).map((r) => [r.source_comment_id, r]));
    // Same rows, same ids; only the changed ones touched.
    for (const id of ["1", "2", "3"]) expect(after.get(id)!.id).toBe(before.get(id)!.id);
    expect(after.get("1")).toEqual(before.get("1"));
    expect(after.get("2")!.content_hash).not.toBe(before.get("2")!.content_hash);
    // Every comment, old or new, is scored once for the active model.
    const { rows: scores } = await pool.query(
      `SELECT count(*)::int AS n FROM score sc JOIN comment c ON c.id = sc.comment_id JOIN source s ON s.id = c.source_id WHERE s.key = 'disqus:tribune'`,
    );
    expect(scores[0].n).toBe(5);

    expect(await importFiles([newer])).toMatchObject({ inserted: 0, updated: 0, unchanged: 5 });
    // The older export again is a step back in time: it reverts what differs, keyed by id, adds nothing.
    expect(await importFiles([older])).toMatchObject({ inserted: 0, updated: 2, unchanged: 1 });
    expect(await db.comment.count({ where: { source: { key: "disqus:tribune" } } })).toBe(5);
  });

  it("keeps a file's repeated ids once (the last copy) and reports them as skipped", async () => {
    const file = path.join(tmp, "repeats.xml");
    await fsp.writeFile(
      file,
      disqusXml(
        [{ id: "r1", link: "https://tribune.example/repeats", title: "Repeats" }],
        [
          { id: "r-1", thread: "r1", body: "old copy", at: "2024-01-01T00:00:00Z" },
          { id: "r-2", thread: "r1", body: "other", at: "2024-01-01T00:01:00Z" },
          { id: "r-1", thread: "r1", body: "new copy", at: "2024-01-01T00:00:00Z" },
        ],
      ),
    );
    const result = await importFiles([file]);
    expect(result).toMatchObject({ comments: 2, inserted: 2, skipped: 1 });
    expect(result.perFile[0]!.notes).toContain("1 records repeat an id seen earlier in the file: the last copy of each was kept");
    expect((await db.comment.findFirstOrThrow({ where: { sourceCommentId: "r-1" }, select: { body: true } })).body).toBe("new copy");
  });
});

describe("comment times on re-import", () => {
  it("keeps the first estimate, takes a real time over an estimate, and never an estimate over a real time", async () => {
    const { storeComments } = await import("@/lib/ingest/store");
    const store = (postedAt: string, estimated: boolean) =>
      storeComments({
        source: { key: "times", name: "Times", platform: "test" },
        threads: [{ key: "t", title: "Times" }],
        comments: [{ sourceCommentId: "c1", threadKey: "t", authorKey: "a", authorName: "A", body: "Hello there.", postedAt: new Date(postedAt), postedAtEstimated: estimated, sourceStatus: "visible" }],
      });
    const stored = async () => {
      const [row] = (await pool.query("SELECT posted_at, posted_at_estimated FROM comment WHERE source_comment_id = 'c1' AND thread_id IN (SELECT id FROM thread WHERE key = 't')")).rows;
      return [row.posted_at.toISOString(), row.posted_at_estimated];
    };
    await store("2026-01-01T10:00:00Z", true);
    // A later upload of the same page: another file date, the same comment.
    expect(await store("2026-02-01T10:00:00Z", true)).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
    expect(await stored()).toEqual(["2026-01-01T10:00:00.000Z", true]);
    expect(await store("2025-12-24T08:30:00Z", false)).toMatchObject({ updated: 1 });
    expect(await stored()).toEqual(["2025-12-24T08:30:00.000Z", false]);
    await store("2026-03-01T10:00:00Z", true);
    expect(await stored()).toEqual(["2025-12-24T08:30:00.000Z", false]);
  });
});

describe("a generated export at demo scale", () => {
  it("stores exactly the generator's threads, parents, statuses and texts, gzipped or not, and re-imports as unchanged", async () => {
    const plan = planDemo({ comments: 3000, seed: 7, end: new Date("2026-06-01T00:00:00Z") });
    const file = path.join(tmp, "demo.xml.gz");
    const out = zlib.createGzip();
    const sink = fs.createWriteStream(file);
    out.pipe(sink);
    const written = await writeDisqusExport(plan, out);
    await new Promise<void>((resolve) => {
      sink.on("finish", resolve);
      out.end();
    });
    expect(written.posts).toBe(3000);

    const result = await importFiles([file]);
    expect(result).toMatchObject({ comments: 3000, inserted: 3000, orphans: 0, rejected: [] });
    const { rows } = await pool.query(
      `SELECT c.source_comment_id AS id, p.source_comment_id AS parent, c.source_status AS status, c.body, c.author_name AS author, c.posted_at
       FROM comment c JOIN source s ON s.id = c.source_id LEFT JOIN comment p ON p.id = c.parent_id
       WHERE s.key = 'disqus:harbour-times'`,
    );
    const stored = new Map(rows.map((r) => [r.id, r]));
    let checked = 0;
    for (const s of plan.sources.keys()) {
      for (const c of demoComments(plan, s)) {
        const row = stored.get(c.sourceCommentId);
        expect(row, c.sourceCommentId).toBeDefined();
        expect([row.parent, row.status, row.body, row.author, row.posted_at.getTime()], c.sourceCommentId).toEqual([
          c.parentSourceId ?? null,
          // Disqus has no "pending": the writer exports such comments as visible.
          c.sourceStatus === "pending" ? "visible" : c.sourceStatus,
          c.body,
          c.authorName,
          Math.floor(c.postedAt.getTime() / 1000) * 1000,
        ]);
        checked++;
      }
    }
    expect(checked).toBe(3000);
    expect(await importFiles([file])).toMatchObject({ inserted: 0, updated: 0, unchanged: 3000 });
  }, 120_000);
  it("moves a thread only when the source changes what it says, so a moderator's close or reopen stands", async () => {
    const file = path.join(tmp, "closing.xml");
    const posts: Post[] = [{ id: "c1", thread: "ct", body: "On the ferry.", at: "2024-05-01T10:00:00Z" }];
    const thread = (closed?: boolean) => [{ id: "ct", link: "https://tribune.example/ferry/", title: "Ferry", closed }];
    const state = async () =>
      (await pool.query("SELECT closed, source_closed FROM thread WHERE url = 'https://tribune.example/ferry/'")).rows[0];
    const write = async (closed?: boolean) => {
      await fsp.writeFile(file, disqusXml(thread(closed), posts));
      await importFiles([file]);
    };
    await write(false);
    expect(await state()).toEqual({ closed: false, source_closed: false });
    // The source closes it: the desk follows.
    await write(true);
    expect(await state()).toEqual({ closed: true, source_closed: true });
    // A moderator reopens it; the next export still says closed: the reopen stands.
    await pool.query("UPDATE thread SET closed = false WHERE url = 'https://tribune.example/ferry/'");
    await write(true);
    expect(await state()).toEqual({ closed: false, source_closed: true });
    // A file that says nothing leaves it; the source reopening and closing again is followed.
    await write(undefined);
    expect(await state()).toEqual({ closed: false, source_closed: true });
    await write(false);
    await write(true);
    expect(await state()).toEqual({ closed: true, source_closed: true });
  });
});
