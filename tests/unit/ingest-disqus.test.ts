import fs from "node:fs/promises";
import path from "node:path";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { FIXTURES } from "../support/paths";
import { parseFile, rejection, tempWriter } from "./ingest-events";

const write = await tempWriter("cdk-disqus-");

describe("isso's Disqus export (fixtures/isso/disqus.xml)", async () => {
  const parsed = await parseFile(path.join(FIXTURES, "isso", "disqus.xml"));

  it("is recognised and names its forum as the source", () => {
    expect(parsed.format).toBe("disqus");
    expect(parsed.source).toEqual({ key: "disqus:disqusdev", name: "disqusdev (Disqus)", platform: "disqus" });
  });

  it("reads the three threads, titling the one without a title by its link", () => {
    expect(parsed.threads.map((t) => [t.key, t.title, t.url, t.publishedAt?.toISOString() ?? null])).toEqual([
      ["2", "Hello, World!", "http://example.org/", "2012-12-12T12:12:12.000Z"],
      ["3", "Disqus thread 3", null, null],
      ["7", "http://localhost:4000/blog/2013/02/12/redacted/index.html", "http://localhost:4000/blog/2013/02/12/redacted/index.html", "2013-02-12T16:29:45.000Z"],
    ]);
  });

  it("reads every post with its thread, parent, time, status, author and text", () => {
    const rows = parsed.comments.map((c) => [
      c.sourceCommentId, c.threadKey, c.parentSourceId, c.postedAt.toISOString(), c.sourceStatus, c.authorName, c.authorKey, c.body, c.line,
    ]);
    expect(rows).toEqual([
      ["4", "2", null, "2013-10-10T19:20:29.000Z", "visible", "peter", "guest:peter<foo@bar.com>", "...", 33],
      ["5", "2", "4", "2013-10-11T06:51:33.000Z", "visible", "user", "user:user", "Hello, World.", 49],
      ["6", "1337", null, "2013-10-10T19:20:29.000Z", "visible", "where am I?", "guest:where am i?<foo@bar.com>", "...", 66],
      ["8", "7", null, "2013-10-11T06:51:33.000Z", "visible", "Empty", "user:EmptyUsername", "Message from thread with empty title and id", 101],
      // Deleted, with an empty message, and still the parent of post 11.
      ["9", "2", null, "2013-10-10T19:20:29.000Z", "deleted", "peter", "guest:peter<foo@bar.com>", "", 117],
      ["11", "2", "9", "2013-10-11T06:52:33.000Z", "visible", "user", "user:user", "Hello, World.", 133],
    ]);
    expect(parsed.byId.get("5")).toMatchObject({ bodyHtml: "<p>Hello, World.</p>", authorEmail: "foo@bar.com", authorIp: "127.0.0.1", authorAnonymous: false });
    expect(parsed.byId.get("4")).toMatchObject({ bodyHtml: "...", authorAnonymous: true });
  });
});

describe("remark42's Disqus exports (not well-formed on purpose)", () => {
  for (const name of ["disqus.xml", "disqus-deleted-post.xml", "disqus-deleted-thread.xml"]) {
    it(`rejects ${name} at the stray character before the XML declaration`, async () => {
      expect(await rejection(path.join(FIXTURES, "remark42", name))).toEqual({
        line: 1,
        message: "there is text outside the root element (a stray character before or after the XML)",
      });
    });
  }

  it("also finds the unquoted attribute further down once the stray character is gone", async () => {
    const text = await fs.readFile(path.join(FIXTURES, "remark42", "disqus.xml"), "utf8");
    const file = await write("remark42-without-backtick.xml", text.replace(/^`/, ""));
    // <thread dsq:id=247937687/> is on line 147 of the original file.
    expect(await rejection(file)).toEqual({ line: 147, message: "an attribute value is not in quotes" });
  });
});

describe("Disqus quirks seen in real exports", () => {
  const post = (id: string, extra = "") => `
  <post dsq:id="${id}">
    <message><![CDATA[<p>Post ${id}</p>]]></message>
    <createdAt>2024-03-01T10:00:0${id.length}Z</createdAt>
    <author><name>Reader ${id}</name></author>
    <thread dsq:id="t1"/>${extra}
  </post>`;

  it("reads a file without the default namespace, with a BOM and blank lines before the declaration", async () => {
    const file = await write(
      "no-namespace.xml",
      `\uFEFF\n\n<?xml version="1.0"?>\n<disqus xmlns:dsq="http://disqus.com/disqus-internals">\n<thread dsq:id="t1"><link>https://news.example/a</link><title>A</title></thread>${post("1")}\n</disqus>\n`,
    );
    const parsed = await parseFile(file);
    expect(parsed.comments.map((c) => [c.sourceCommentId, c.threadKey, c.body, c.line])).toEqual([["1", "t1", "Post 1", 6]]);
  });

  it("links replies to parents listed after them, and reads missing flags as false", async () => {
    const file = await write(
      "child-first.xml",
      `<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">${post("22", '\n    <parent dsq:id="1"/>')}${post("1")}<thread dsq:id="t1"><title>T</title></thread></disqus>`,
    );
    const parsed = await parseFile(file);
    expect(parsed.comments.map((c) => [c.sourceCommentId, c.parentSourceId, c.sourceStatus])).toEqual([
      ["22", "1", "visible"],
      ["1", null, "visible"],
    ]);
    // The source has no forum name: a plain "disqus" source.
    expect(parsed.source?.key).toBe("disqus");
  });

  it("keeps spam with its label and falls back to the legacy <id> when dsq:id is missing", async () => {
    const file = await write(
      "spam.xml",
      `<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals"><thread dsq:id="t1"/>
<post><id>12345678890</id><message>This comment had no ID</message><createdAt>2011-08-31T22:49:43Z</createdAt><isSpam>true</isSpam><thread dsq:id="t1"/></post></disqus>`,
    );
    const parsed = await parseFile(file);
    expect(parsed.comments.map((c) => [c.sourceCommentId, c.sourceStatus, c.body, c.authorName, c.authorKey])).toEqual([
      ["id:12345678890", "spam", "This comment had no ID", "Anonymous", ""],
    ]);
  });

  it("reads gzipped exports", async () => {
    const xml = `<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals"><thread dsq:id="t1"/>${post("7")}</disqus>`;
    const file = await write("export.xml.gz", zlib.gzipSync(Buffer.from(xml)));
    const parsed = await parseFile(file);
    expect(parsed.format).toBe("disqus");
    expect(parsed.comments.map((c) => c.body)).toEqual(["Post 7"]);
  });

  it("refuses entities from a DTD, so an external entity is never read", async () => {
    const file = await write(
      "xxe.xml",
      `<?xml version="1.0"?>\n<!DOCTYPE disqus [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<disqus xmlns:dsq="http://disqus.com/disqus-internals">\n<thread dsq:id="t1"/>\n<post dsq:id="1"><message>&xxe;</message><createdAt>2024-01-01T00:00:00Z</createdAt><thread dsq:id="t1"/></post></disqus>`,
    );
    const r = await rejection(file);
    expect(r.line).toBe(5);
    expect(r.message).toMatch(/never loaded/);
  });

  it("rejects bad values with the line of the element", async () => {
    const badDate = await write(
      "bad-date.xml",
      `<disqus xmlns:dsq="x">\n<thread dsq:id="t1"/>\n<post dsq:id="9">\n<createdAt>2011-x09-30T22:48:43Z</createdAt>\n<thread dsq:id="t1"/></post></disqus>`,
    );
    expect(await rejection(badDate)).toEqual({ line: 4, message: 'post 9: "2011-x09-30T22:48:43Z" is not an ISO 8601 time' });
    const badFlag = await write(
      "bad-flag.xml",
      `<disqus xmlns:dsq="x">\n<post dsq:id="9"><createdAt>2011-09-30T22:48:43Z</createdAt>\n<isSpam>123</isSpam></post></disqus>`,
    );
    expect(await rejection(badFlag)).toEqual({ line: 3, message: '<isSpam> must be true or false, not "123"' });
    const truncated = await write("cut.xml", `<disqus xmlns:dsq="x">\n<post dsq:id="9">\n<message>Hel`);
    expect(await rejection(truncated)).toMatchObject({ line: 3, message: expect.stringMatching(/cut short/) });
  });

  it("rejects bytes that are not UTF-8 with their line", async () => {
    const file = await write("latin1.xml", Buffer.concat([Buffer.from('<disqus xmlns:dsq="x">\n<thread dsq:id="t1"><title>'), Buffer.from([0xe9]), Buffer.from("</title></thread></disqus>")]));
    expect(await rejection(file)).toEqual({ line: 2, message: "the file is not valid UTF-8 text (wrong encoding or a binary file)" });
  });
});
