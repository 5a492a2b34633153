import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ImportRejection } from "@/lib/ingest/types";
import { FIXTURES } from "../support/paths";
import { parseFile } from "./ingest-events";

const WP = path.join(FIXTURES, "wordpress-importer");
const tmp = await fs.mkdtemp(path.join(os.tmpdir(), "cdk-wxr-"));
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

async function rejection(file: string) {
  const err = await parseFile(file).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ImportRejection);
  return { line: (err as ImportRejection).line, message: (err as ImportRejection).message };
}

const row = (c: { sourceCommentId: string; parentSourceId?: string | null; authorName: string; postedAt: Date; sourceStatus: string; kind?: string; body: string }) =>
  [c.sourceCommentId, c.parentSourceId ?? null, c.authorName, c.postedAt.toISOString(), c.sourceStatus, c.kind, c.body];

describe("isso's WXR 1.0 export (fixtures/isso/wordpress.xml)", async () => {
  const parsed = await parseFile(path.join(FIXTURES, "isso", "wordpress.xml"));

  it("makes one thread per post with comments, keyed by post id or, without one, by link", () => {
    expect(parsed.format).toBe("wxr");
    expect(parsed.threads.map((t) => [t.key, t.title, t.url, t.publishedAt?.toISOString()])).toEqual([
      ["18", "Hello, World…", "http://example.tld/2014/test/", "2014-01-14T17:31:03.000Z"],
      ["http://example.tld/?p=4", "...", "http://example.tld/?p=4", undefined],
    ]);
    expect(parsed.source).toEqual({ key: "wordpress:example.tld", name: "example.tld", platform: "wordpress" });
    expect(parsed.notes).toEqual(["no <wp:wxr_version>: read as WXR 1.0 by its namespace"]);
  });

  it("threads by comment_parent, times from comment_date_gmt, text without the whitespace around CDATA", () => {
    expect(parsed.comments.map(row)).toEqual([
      ["18:2", null, "Ohai", "2014-01-14T17:32:12.000Z", "visible", "comment", "Erster!1"],
      ["18:6", null, "Tester", "2014-04-29T15:21:27.000Z", "visible", "comment", "Zweiter."],
      ["18:7", "18:6", "Tester", "2014-04-29T15:21:35.000Z", "visible", "comment", "Drölfter!"],
      ["18:8", "18:7", "Tester", "2014-04-29T15:21:45.000Z", "visible", "comment", "Yet another reply."],
      ["18:9", "18:7", "Tester", "2014-04-29T15:21:52.000Z", "visible", "comment", "..."],
      // comment_date says 12:13:14 (site time); the GMT field is the truth.
      ["18:10", null, "Multiline Author", "2022-06-06T02:13:14.000Z", "visible", "comment", "When you have a comment with multiple lines:\nWordPress exports it like this."],
      ["18:11", null, "Letzter :/", "2022-06-07T15:21:56.000Z", "visible", "comment", "..."],
      // Comment id 11 again, in another post: a different comment.
      ["http://example.tld/?p=4:11", null, "Anonymous", "2014-04-29T15:21:57.000Z", "visible", "comment", "..."],
    ]);
    expect(parsed.byId.get("18:2")).toMatchObject({ authorEmail: "test@example.org", authorIp: "::ffff:82.119.20.0", authorKey: "guest:ohai<test@example.org>" });
    expect(parsed.byId.get("18:6")?.authorKey).toBe("user:1");
    expect(parsed.comments.every((c) => c.postedAtEstimated === false)).toBe(true);
  });
});

describe("remark42's WXR 1.2 export with an unapproved comment and a pingback", async () => {
  const parsed = await parseFile(path.join(FIXTURES, "remark42", "wordpress-inline-xmlTestWP.xml"));

  it("tolerates the blank line before <?xml and names the site from base_site_url", () => {
    expect(parsed.source).toEqual({ key: "wordpress:realmenweardress.es", name: "Real Men Wear Dress.es", platform: "wordpress" });
    // The attachment (post 6) has no comments: no thread.
    expect(parsed.threads.map((t) => [t.key, t.title, t.url])).toEqual([
      ["100", "Post with comments. One is not approved", "https://realmenweardress.es/2010/07/do-you-rp/"],
    ]);
  });

  it("keeps the unapproved comment as pending and types the pingback; entities in names and text are decoded, a non-breaking space kept", () => {
    expect(parsed.comments.map(row)).toEqual([
      ["100:8", null, "SuperUser1", "2010-07-20T12:08:08.000Z", "visible", "comment", "I do catch myself"],
      ["100:9", null, "SuperUser2", "2010-07-20T13:09:25.000Z", "pending", "comment", "I think it us inherent in the game to start seeing your character as a personality"],
      ["100:13", null, "Wednesday Reading « Cynwise's Battlefield Manual", "2010-07-21T14:02:08.000Z", "visible", "pingback", "[...] I know I’m a bit loony with my attachment to my bankers. \u00a0I’m glad I’m not the only one. [...]"],
      ["100:14", "100:13", "SuperUser3", "2010-08-18T15:19:14.000Z", "visible", "comment", '"Mekkatorque" was over in that tent up to the right'],
    ]);
    expect(parsed.byId.get("100:13")?.bodyHtml).toBe("[...] I know I&#8217;m a bit loony with my attachment to my bankers. \u00a0I&#8217;m glad I&#8217;m not the only one. [...]");
    expect(parsed.byId.get("100:14")?.authorKey).toBe("user:2");
    expect(parsed.comments[0]!.line).toBe(95);
  });
});

describe("wordpress-importer's WXR fixtures", () => {
  it("reads WXR 1.0, 1.1 and a small 1.1 export: one comment each, with <br /> as a line break", async () => {
    const body = "Hi, this is a comment.\nTo delete a comment, just log in and view the post's comments. There you will have the option to edit or delete them.";
    for (const [name, time, site] of [
      ["valid-wxr-1.0.xml", "2010-10-20T14:08:20.000Z", "Export Dataset"],
      ["valid-wxr-1.1.xml", "2010-10-16T20:53:18.000Z", "Export Datasets"],
      ["small-export.xml", "2011-01-18T07:40:14.000Z", "trunk"],
    ] as const) {
      const parsed = await parseFile(path.join(WP, name));
      expect(parsed.threads.map((t) => [t.key, t.title, t.url]), name).toEqual([["1", "Hello world!", "http://localhost/?p=1"]]);
      expect(parsed.comments.map(row), name).toEqual([["1:1", null, "Mr WordPress", time, "visible", "comment", body]]);
      expect(parsed.source, name).toMatchObject({ key: "wordpress:localhost" });
      expect(parsed.source?.name, name).toBe(site);
    }
  });

  it("keeps exact characters and links in comment text with comment meta around it", async () => {
    const parsed = await parseFile(path.join(WP, "test-serialized-comment-meta.xml"));
    expect(parsed.threads.map((t) => [t.key, t.title, t.publishedAt?.toISOString()])).toEqual([
      // post_date_gmt is 0000-00-00: the RSS pubDate stands in.
      ["10", "My Entry with comments and comment meta", "1999-11-30T00:00:00.000Z"],
    ]);
    expect(parsed.comments.map(row)).toEqual([
      [
        "10:1", null, "A WordPress Commenter", "2020-01-05T12:50:15.000Z", "visible", "comment",
        "Hi, this is a comment.\nTo get started with moderating, editing, and deleting comments, please visit the Comments screen in the dashboard.\nCommenter avatars come from Gravatar.",
      ],
    ]);
    expect(parsed.byId.get("10:1")?.bodyHtml).toContain('<a href="https://gravatar.com">Gravatar</a>');
  });

  it("reads the comprehensive 1.2 fixture and one with missing comment fields", async () => {
    const full = await parseFile(path.join(WP, "wxr-comprehensive.xml"));
    expect(full.comments.map(row)).toEqual([["1000:5000", null, "Commenter", "2024-06-06T10:00:00.000Z", "visible", "comment", "Great post!"]]);
    expect(full.source).toEqual({ key: "wordpress:playground.internal/site", name: "Comprehensive WXR Fixture", platform: "wordpress" });

    const file = path.join(WP, "wxr-with-sub-data.xml");
    const sparse = await parseFile(file);
    const mtime = (await fs.stat(file)).mtime.toISOString();
    // No date, no approval, no parent: visible, top level, dated by the file and marked estimated.
    expect(sparse.comments.map(row)).toEqual([["101:201", null, "Commenter", mtime, "visible", "comment", "This is a comment with meta."]]);
    expect(sparse.byId.get("101:201")?.postedAtEstimated).toBe(true);
    expect(sparse.notes).toEqual(["1 comments have no date: they were given the file's date (marked estimated)"]);
    expect(sparse.source?.key).toBe("wordpress");
  });

  it("threads the theme test data at ten levels deep, types pingbacks, keeps odd whitespace inside CDATA", async () => {
    const file = path.join(WP, "a11y-unit-test-data.xml");
    const parsed = await parseFile(file);
    expect(parsed.threads.map((t) => [t.key, t.title])).toEqual([
      ["156", "Page with comments"],
      ["1148", "Template: Comments"],
      ["1149", "Template: Pingbacks And Trackbacks"],
      ["1168", 'Template: Password Protected (the password is "enter")'],
      ["1170", "Edge Case: No Content"],
    ]);
    expect(parsed.comments).toHaveLength(29);
    const chain = ["904", "905", "906", "907", "910", "911", "912", "913", "914", "915"].map((id) => `1148:${id}`);
    chain.forEach((id, i) => expect(parsed.byId.get(id)?.parentSourceId ?? null, id).toBe(i === 0 ? null : chain[i - 1]));
    expect(chain.map((id) => parsed.byId.get(id)!.body)).toEqual([
      "Comment Depth 01", "Comment Depth 02", "Comment Depth 03", "Comment Depth 04", "Comment Depth 05\n\nAlso an author comment.",
      "Comment Depth 06", "Comment Depth 07", "Comment Depth 08", "Comment Depth 09", "Comment Depth 10\n\nAlso an author comment.",
    ]);
    expect(parsed.comments.filter((c) => c.kind === "pingback").map((c) => [c.sourceCommentId, c.authorName, c.body])).toEqual([
      ["1149:921", "Ping 1 « What’s a tellyworth?", "[...] Trackback test. [...]"],
      ["1149:922", "Ping 2 with a much longer title than the previous ping, which was called Ping 1 « What’s a tellyworth?", expect.stringMatching(/^\[\.\.\.\] Another trackback test\.  Lorem ipsum/)],
      ["1149:923", "Ping 4 « What’s a tellyworth?", "[...] Another short one. [...]"],
      ["1149:924", "Ping 3 « What’s a tellyworth?", "[...] Just a short one. [...]"],
    ]);
    expect(parsed.byId.get("1148:899")?.body).toBe(
      "This user it trying to be anonymous.\n\n\n    They used a fake email, so there should be no Gravatar associated with it.\n    They did not speify a website, so there should be no link to it in the comment.",
    );
    expect(parsed.byId.get("1148:903")?.authorKey).toBe("user:24783058");
    expect(parsed.byId.get("1148:917")?.body).toBe("Image comment.");
    expect(parsed.byId.get("1168:926")?.body).toBe("This comment should not be visible until the password is entered.");
    // Comment 167 carries only an id, an author and text; its page has no date either.
    expect(parsed.byId.get("156:167")).toMatchObject({ authorName: "Anon", body: "Anonymous comment.", postedAtEstimated: true, postedAt: (await fs.stat(file)).mtime });
    expect(parsed.byId.get("156:168")?.postedAt.toISOString()).toBe("2007-09-04T00:49:03.000Z");
  });

  it("imports files without comments as nothing, saying why when the version tag is missing", async () => {
    for (const name of ["crazy-cdata-escaped.xml", "multiple-cdata.xml"]) {
      const parsed = await parseFile(path.join(WP, name));
      expect([parsed.threads, parsed.comments, parsed.notes], name).toEqual([[], [], []]);
    }
    const missing = await parseFile(path.join(WP, "missing-version-tag.xml"));
    expect(missing.comments).toEqual([]);
    expect(missing.notes).toEqual(["no <wp:wxr_version>: read as WXR 1.1 by its namespace"]);
  });

  it("rejects the malformed files with line and reason", async () => {
    expect(await rejection(path.join(WP, "malformed.xml"))).toEqual({ line: 27, message: "<rss> holds <notachanneltag> where a WordPress export has <channel>" });
    // `]]>` closes the CDATA early in <content:encoded> (line 18), leaving " :)]]>" as text.
    expect(await rejection(path.join(WP, "crazy-cdata.xml"))).toEqual({ line: 18, message: 'a stray "]]>" outside a CDATA section (a CDATA section ended early)' });
    // remark42's fragment: <channel> as the root, then a closing </rss> on its last line (60).
    expect(await rejection(path.join(FIXTURES, "remark42", "wordpress-inline-xmlTestWPmd.xml"))).toEqual({
      line: 60,
      message: "the closing tag </rss> has no matching opening tag",
    });
  });
});

describe("WXR edge cases", () => {
  it("joins a ]]> split over two CDATA sections, keeps backslashes, scripts and emoji, maps every status", async () => {
    const comment = (id: string, approved: string, content: string, type = "") => `
      <wp:comment><wp:comment_id>${id}</wp:comment_id><wp:comment_author><![CDATA[R${id}]]></wp:comment_author>
        <wp:comment_date_gmt>2024-05-0${id} 08:00:00</wp:comment_date_gmt>
        <wp:comment_content>
          ${content}
        </wp:comment_content><wp:comment_approved>${approved}</wp:comment_approved><wp:comment_type>${type}</wp:comment_type>
        <wp:comment_parent>${id === "5" ? "4" : "0"}</wp:comment_parent></wp:comment>`;
    const file = path.join(tmp, "edge.xml");
    await fs.writeFile(
      file,
      `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="https://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version>
<item><title>Edge</title><link>https://blog.example/edge/</link><wp:post_id>42</wp:post_id>
${comment("1", "1", "<![CDATA[a ]]]]><![CDATA[> b \\ c:\\path Привет 日本 🙂]]>")}
${comment("2", "spam", "<![CDATA[spam text]]>")}
${comment("3", "trash", "<![CDATA[gone]]>")}
${comment("4", "0", "entity &amp; escaped &lt;b&gt;bold&lt;/b&gt;")}
${comment("5", "post-trashed", "<![CDATA[reply]]>", "trackback")}
</item></channel></rss>`,
    );
    const parsed = await parseFile(file);
    expect(parsed.comments.map((c) => [c.sourceCommentId, c.parentSourceId, c.sourceStatus, c.kind, c.body])).toEqual([
      ["42:1", null, "visible", "comment", "a ]]> b \\ c:\\path Привет 日本 🙂"],
      ["42:2", null, "spam", "comment", "spam text"],
      ["42:3", null, "deleted", "comment", "gone"],
      ["42:4", null, "pending", "comment", "entity & escaped bold"],
      ["42:5", "42:4", "deleted", "trackback", "reply"],
    ]);
    expect(parsed.source?.key).toBe("wordpress:blog.example");
  });
});

describe("WXR sources: one per blog", () => {
  const channel = (siteUrl: string, blogUrl: string) =>
    `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Blog</title>
<wp:base_site_url>${siteUrl}</wp:base_site_url><wp:base_blog_url>${blogUrl}</wp:base_blog_url>
<item><title>P</title><wp:post_id>1148</wp:post_id>
<wp:comment><wp:comment_id>881</wp:comment_id><wp:comment_date_gmt>2024-01-01 00:00:00</wp:comment_date_gmt><wp:comment_content>Hi</wp:comment_content></wp:comment>
</item></channel></rss>`;
  const sourceOf = async (name: string, siteUrl: string, blogUrl: string) => {
    const file = path.join(tmp, name);
    await fs.writeFile(file, channel(siteUrl, blogUrl));
    return (await parseFile(file)).source?.key;
  };

  it("keys a WordPress.com export by its blog, not by wordpress.com", async () => {
    // Every WordPress.com export names http://wordpress.com/ as base_site_url.
    const parsed = await parseFile(path.join(WP, "a11y-unit-test-data.xml"));
    expect(parsed.source?.key).toBe("wordpress:wpthemetestdata.wordpress.com");
  });

  it("keeps subsites in folders of one network apart, with or without a trailing slash", async () => {
    expect(await sourceOf("blog-a.xml", "http://example.com/", "http://example.com/blog-a/")).toBe("wordpress:example.com/blog-a");
    expect(await sourceOf("blog-b.xml", "http://example.com/", "https://example.com/blog-b")).toBe("wordpress:example.com/blog-b");
    expect(await sourceOf("root.xml", "http://example.com/", "http://example.com/")).toBe("wordpress:example.com");
    // No blog address: the site's stands in.
    expect(await sourceOf("site-only.xml", "http://example.com/news/", "")).toBe("wordpress:example.com/news");
  });
});

describe("WXR rejections name the line at fault", () => {
  const export_ = (title: string) =>
    `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Blog</title>
<wp:base_site_url>http://blog.example/</wp:base_site_url>
<item>
<title>${title}</title>
<wp:post_id>1</wp:post_id>
<wp:comment>
<wp:comment_id>1</wp:comment_id>
<wp:comment_date_gmt>2024-01-01 00:00:00</wp:comment_date_gmt>
<wp:comment_content>
Plain text,
over lines,
until an entity
on line 16 ends &amp; here.
</wp:comment_content>
</wp:comment>
</item></channel></rss>`;
  const reject = async (name: string, title: string) => {
    const file = path.join(tmp, name);
    await fs.writeFile(file, export_(title));
    return rejection(file);
  };

  it("reports a bare & on its own line, not where the next ; happens to be", async () => {
    // The XML parser reads "& B</title>…&amp" as one entity name, up to the ";" on line 16.
    expect(await reject("bare-amp.xml", "A & B")).toEqual({ line: 7, message: 'an unescaped "&" ("& B</title>…"): a literal & must be written &amp; in XML' });
  });

  it("names an entity XML does not define", async () => {
    expect(await reject("nbsp.xml", "A&nbsp;B")).toEqual({
      line: 7,
      message: "an entity reference (&nbsp;) that XML does not define; entities declared in a DTD or outside the file are never loaded",
    });
  });
});
