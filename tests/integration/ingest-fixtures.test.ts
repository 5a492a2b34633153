import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db";
import { importFiles, type ImportSummary } from "@/lib/ingest";
import { FIXTURES } from "../support/paths";

const DIRS = ["commento", "isso", "remark42", "trafilatura-html", "wordpress-importer"].map((d) => path.join(FIXTURES, d));
const f = (...parts: string[]) => path.join(FIXTURES, ...parts);

let summary: ImportSummary;
beforeAll(async () => {
  summary = await importFiles(DIRS);
}, 120_000);

async function comments(sourceKey: string) {
  const { rows } = await pool.query(
    `SELECT c.source_comment_id AS id, p.source_comment_id AS parent, c.author_name AS author, c.posted_at, c.source_status AS status,
            c.kind, c.body, t.key AS thread, c.mod_status
     FROM comment c JOIN source s ON s.id = c.source_id JOIN thread t ON t.id = c.thread_id
     LEFT JOIN comment p ON p.id = c.parent_id
     WHERE s.key = $1 ORDER BY c.posted_at, c.source_comment_id`,
    [sourceKey],
  );
  return rows as { id: string; parent: string | null; author: string; posted_at: Date; status: string; kind: string; body: string; thread: string; mod_status: string }[];
}

describe("importing every fixture folder in one run", () => {
  it("imports each well-formed file and rejects the six malformed ones with line and reason", () => {
    const byFile = Object.fromEntries(summary.perFile.map((p) => [p.file, [p.format, p.threads, p.comments, p.inserted, p.updated, p.orphans]]));
    expect(byFile).toEqual({
      [f("commento", "commento-export-v1-child-before-parent.json")]: ["commento", 1, 3, 3, 0, 0],
      [f("isso", "disqus.xml")]: ["disqus", 2, 5, 5, 0, 1],
      [f("isso", "generic.json")]: ["isso", 2, 2, 2, 0, 0],
      [f("isso", "wordpress.xml")]: ["wxr", 2, 8, 8, 0, 0],
      [f("remark42", "commento.json")]: ["commento", 2, 3, 3, 0, 0],
      [f("remark42", "wordpress-inline-xmlTestWP.xml")]: ["wxr", 1, 4, 4, 0, 0],
      [f("trafilatura-html", "foxyfolksy.com.buttercream.html")]: ["html", 1, 80, 80, 0, 0],
      [f("trafilatura-html", "gormulus.wordpress.com.durfen.html")]: ["html", 1, 45, 45, 0, 0],
      [f("trafilatura-html", "lemire.me.json.html")]: ["html", 1, 5, 5, 0, 0],
      [f("trafilatura-html", "sprechwaisen.com.sw082.html")]: ["html", 1, 3, 3, 0, 0],
      [f("trafilatura-html", "thenervousbreakdown.com.loneliest.html")]: ["html", 1, 11, 11, 0, 0],
      [f("wordpress-importer", "a11y-unit-test-data.xml")]: ["wxr", 5, 29, 29, 0, 0],
      [f("wordpress-importer", "crazy-cdata-escaped.xml")]: ["wxr", 0, 0, 0, 0, 0],
      [f("wordpress-importer", "missing-version-tag.xml")]: ["wxr", 0, 0, 0, 0, 0],
      [f("wordpress-importer", "multiple-cdata.xml")]: ["wxr", 0, 0, 0, 0, 0],
      // Three exports of the same test site (http://localhost/), comment 1 of post 1 in each:
      // the first inserts it, the next two are newer saves that change its time.
      [f("wordpress-importer", "small-export.xml")]: ["wxr", 1, 1, 1, 0, 0],
      [f("wordpress-importer", "valid-wxr-1.0.xml")]: ["wxr", 1, 1, 0, 1, 0],
      [f("wordpress-importer", "valid-wxr-1.1.xml")]: ["wxr", 1, 1, 0, 1, 0],
      [f("wordpress-importer", "test-serialized-comment-meta.xml")]: ["wxr", 1, 1, 1, 0, 0],
      [f("wordpress-importer", "wxr-comprehensive.xml")]: ["wxr", 1, 1, 1, 0, 0],
      [f("wordpress-importer", "wxr-with-sub-data.xml")]: ["wxr", 1, 1, 1, 0, 0],
    });
    expect([...summary.rejected].sort((a, b) => a.file.localeCompare(b.file))).toEqual([
      { file: f("remark42", "disqus-deleted-post.xml"), line: 1, message: "there is text outside the root element (a stray character before or after the XML)" },
      { file: f("remark42", "disqus-deleted-thread.xml"), line: 1, message: "there is text outside the root element (a stray character before or after the XML)" },
      { file: f("remark42", "disqus.xml"), line: 1, message: "there is text outside the root element (a stray character before or after the XML)" },
      { file: f("remark42", "wordpress-inline-xmlTestWPmd.xml"), line: 60, message: "the closing tag </rss> has no matching opening tag" },
      { file: f("wordpress-importer", "crazy-cdata.xml"), line: 18, message: 'a stray "]]>" outside a CDATA section (a CDATA section ended early)' },
      { file: f("wordpress-importer", "malformed.xml"), line: 27, message: "<rss> holds <notachanneltag> where a WordPress export has <channel>" },
    ]);
    expect(summary).toMatchObject({ files: 27, comments: 204, orphans: 1 });
  });

  it("writes nothing from a rejected file", async () => {
    expect(await db.thread.count({ where: { title: { contains: "Радио-Т" } } })).toBe(0);
    expect(await db.comment.count({ where: { body: { contains: "Deploying RancherOS" } } })).toBe(0);
    expect(await db.source.count({ where: { key: { contains: "radiot" } } })).toBe(0);
  });

  it("records every run: counts, orphans listed, rejections with their line", async () => {
    const runs = await db.importRun.findMany({ select: { file: true, status: true, orphans: true, errors: true, notes: true } });
    expect(runs).toHaveLength(27);
    expect(runs.filter((r) => r.status === "rejected")).toHaveLength(6);
    expect(runs.find((r) => r.file === f("isso", "disqus.xml"))).toMatchObject({
      status: "succeeded",
      orphans: 1,
      errors: [{ line: 66, sourceCommentId: "6", threadKey: "1337", message: "6 names thread 1337, which is not in the file" }],
    });
    expect(runs.find((r) => r.file === f("wordpress-importer", "malformed.xml"))?.errors).toEqual([
      { line: 27, message: "<rss> holds <notachanneltag> where a WordPress export has <channel>" },
    ]);
  });

  it("stores the Disqus export with the deleted parent kept and the orphan left out", async () => {
    const rows = await comments("disqus:disqusdev");
    expect(rows.map((r) => [r.id, r.thread, r.parent, r.author, r.status, r.body, r.posted_at.toISOString()])).toEqual([
      ["4", "2", null, "peter", "visible", "...", "2013-10-10T19:20:29.000Z"],
      ["9", "2", null, "peter", "deleted", "", "2013-10-10T19:20:29.000Z"],
      ["5", "2", "4", "user", "visible", "Hello, World.", "2013-10-11T06:51:33.000Z"],
      ["8", "7", null, "Empty", "visible", "Message from thread with empty title and id", "2013-10-11T06:51:33.000Z"],
      ["11", "2", "9", "user", "visible", "Hello, World.", "2013-10-11T06:52:33.000Z"],
    ]);
    // "peter" posted as a guest twice with the same name and email: one commenter.
    const peter = await db.commenter.findFirstOrThrow({ where: { displayName: "peter" }, select: { email: true, isAnonymous: true, _count: { select: { comments: true } } } });
    expect(peter).toEqual({ email: "foo@bar.com", isAnonymous: true, _count: { comments: 2 } });
  });

  it("stores WXR threading, statuses and kinds; the pending comment waits in the review queue", async () => {
    const rows = await comments("wordpress:realmenweardress.es");
    expect(rows.map((r) => [r.id, r.parent, r.status, r.kind, r.mod_status])).toEqual([
      ["100:8", null, "visible", "comment", "none"],
      ["100:9", null, "pending", "comment", "flagged"],
      ["100:13", null, "visible", "pingback", "none"],
      ["100:14", "100:13", "visible", "comment", "none"],
    ]);
    const a11y = await comments("wordpress:wpthemetestdata.wordpress.com");
    expect(a11y).toHaveLength(29);
    expect(a11y.find((r) => r.id === "1148:915")?.parent).toBe("1148:914");
    const localhost = await comments("wordpress:localhost");
    expect(localhost.map((r) => [r.id, r.posted_at.toISOString()])).toEqual([["1:1", "2010-10-16T20:53:18.000Z"]]);
    expect((await db.source.findUniqueOrThrow({ where: { key: "wordpress:localhost" }, select: { name: true } })).name).toBe("Export Datasets");
  });

  it("stores saved-page nesting four levels deep and Commento replies that came before their parents", async () => {
    const foxy = await comments("html:www.foxyfolksy.com");
    const parent = (id: string) => foxy.find((r) => r.id === id)?.parent;
    expect([parent("55886"), parent("55883"), parent("23471"), parent("23459")]).toEqual(["55883", "23471", "23459", null]);
    expect(foxy.filter((r) => r.parent !== null)).toHaveLength(41);
    const commento = await comments("commento:localhost:1313");
    expect(commento.map((r) => [r.body, r.parent?.slice(0, 4) ?? null])).toEqual([
      ["This is a comment!", null],
      ["This is a reply!", "7ed6"],
      ["This is a test comment, bar foo\n\n#Here is something big\n\n```\nhere code();\n```", null],
    ]);
  });

  it("scores every stored comment during the import", async () => {
    const { rows } = await pool.query<{ unscored: number; total: number }>(
      `SELECT count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM score s WHERE s.comment_id = c.id))::int AS unscored, count(*)::int AS total FROM comment c`,
    );
    expect(rows[0]).toEqual({ unscored: 0, total: 202 });
  });
});
