import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { detectFormat } from "@/lib/ingest/detect";
import { sniffEncoding } from "@/lib/ingest/read-file";
import { parseTextPage } from "@/lib/ingest/text-page";
import { SEEDS } from "../support/paths";
import { parseFile, rejection, tempWriter } from "./ingest-events";

// Bad input gets a clear error naming the file's line, or is read as a browser or the source would read it.
const write = await tempWriter("cdk-bad-input-");
const fileDate = new Date("2026-01-15T12:00:00Z");

describe("saved text pages without a headline", () => {
  const page = (who: string) => `Rate this article\n(no votes)\nShare this article\n\nSome article text that is long enough.\n\n  • ${who}\n\n    I disagree with this article.\n`;
  const key = (fileName: string, text = page("Ann")) => parseTextPage(text, { fileName, fileDate }).threads[0]!.key;

  it("are keyed by their file name as before when it has letters, of any script", () => {
    expect(key("/in/my-story.txt")).toBe("page:my-story");
    expect(key("/in/Story _1_.txt")).toBe("page:story-1");
    expect(key("/in/Статья о Японии.txt")).toBe("page:статья-о-японии");
    expect(parseTextPage(page("Taro"), { fileName: "/in/日本とロシア.txt", fileDate }).comments[0]!.sourceCommentId).toBe("page:日本とロシア#1");
  });

  it("never share an empty key: a name without letters is hashed, and a page with no name its text", () => {
    const keys = [key("/in/_.txt"), key("/in/__.txt"), key("/in/🙂.txt"), key("/in/😀.txt"), key("/in/.txt", page("Ann")), key("/in/.txt", page("Bo"))];
    for (const k of keys) expect(k).toMatch(/^page:.+/);
    expect(new Set(keys).size).toBe(keys.length);
    // The same name keys the same thread on every import.
    expect(key("/elsewhere/🙂.txt", page("Cy"))).toBe(keys[2]);
  });
});

describe("text encodings", () => {
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);

  it("reads a file with a UTF-8 byte-order mark as UTF-8 whatever its meta charset or XML declaration says", async () => {
    expect(sniffEncoding(Buffer.concat([bom, Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><disqus/>')]), "x.xml")).toBe("utf-8");
    const html = await write(
      "bom-latin-meta.html",
      Buffer.concat([bom, Buffer.from('<!DOCTYPE html>\n<html><head><meta charset="ISO-8859-1"><title>Grüße aus Köln</title></head><body><p>Text</p></body></html>\n')]),
    );
    expect((await parseFile(html)).threads[0]!.title).toBe("Grüße aus Köln");
    const xml = await write(
      "bom-latin-decl.xml",
      Buffer.concat([
        bom,
        Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?>\n<disqus xmlns:dsq="x">\n<thread dsq:id="t1"><title>Grüße</title></thread>\n</disqus>\n'),
      ]),
    );
    expect((await parseFile(xml)).threads.map((t) => t.title)).toEqual(["Grüße"]);
  });

  it("looks past comments before a page's <html> in time that grows with them, not doubles", () => {
    expect(sniffEncoding(Buffer.from('<!-- saved --> <!-- by a browser -->\n<html><head><meta charset="ISO-8859-1"></head>'), "x.html")).toBe("windows-1252");
    // Forty empty comments and no <html>: a pattern for this took hours (each comment doubled the time).
    expect(sniffEncoding(Buffer.from(`${"<!---->".repeat(40)}<disqus></disqus>`), "x.xml")).toBe("utf-8");
    expect(sniffEncoding(Buffer.from(`${"<!---->".repeat(500)}<html><head><meta charset="ISO-8859-1">`), "x.html")).toBe("windows-1252");
  });

  it("reads a meta charset or XML declaration of UTF-16 in a file without a UTF-16 byte-order mark as UTF-8, as browsers do", async () => {
    expect(sniffEncoding(Buffer.from('<!DOCTYPE html><html><head><meta charset="utf-16">'), "x.html")).toBe("utf-8");
    expect(sniffEncoding(Buffer.from('<?xml version="1.0" encoding="UTF-16BE"?><disqus/>'), "x.xml")).toBe("utf-8");
    // A real byte-order mark still says UTF-16.
    expect(sniffEncoding(Buffer.from([0xff, 0xfe, 0x3c, 0x00]), "x.xml")).toBe("utf-16le");
    const html = await write("meta16.html", '<!DOCTYPE html>\n<html><head><meta charset="utf-16"><title>Café</title></head><body><p>Text</p></body></html>\n');
    expect((await parseFile(html)).threads[0]!.title).toBe("Café");
  });

  it("names the line of an invalid UTF-16 character by the newlines before it, not by 0x0A bytes inside other characters", async () => {
    // U+010A, U+0A0A and U+4E0A each hold a 0x0A byte in UTF-16 (either byte order).
    const text = '<?xml version="1.0"?>\n<disqus xmlns:dsq="x">\n<thread dsq:id="t1"><title>Ċ ਊ 上 Ċ ਊ 上</title></thread>\n<thread dsq:id="t2"><title>';
    const loneHigh = (le: boolean) => Buffer.from(le ? [0x00, 0xd8] : [0xd8, 0x00]);
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le"), loneHigh(true), Buffer.from("a</title></thread></disqus>", "utf16le")]);
    expect(await rejection(await write("utf16le-bad.xml", le))).toEqual({ line: 4, message: "the file is not valid utf-16le text (it declares that encoding)" });
    const swap = (b: Buffer) => Buffer.from(b).swap16();
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), swap(Buffer.from(text, "utf16le")), loneHigh(false), swap(Buffer.from("a</title></thread></disqus>", "utf16le"))]);
    expect(await rejection(await write("utf16be-bad.xml", be))).toEqual({ line: 4, message: "the file is not valid utf-16be text (it declares that encoding)" });
  });

  it("counts UTF-16 lines across reads, with a surrogate pair split where a 256 KB read ends", async () => {
    const boundary = 256 * 1024;
    const head = '\uFEFF<?xml version="1.0"?>\n<disqus xmlns:dsq="x">\n<thread dsq:id="t1"><title>';
    const lines = `${"上Ċ".repeat(40)}\n`.repeat(1500);
    // Code units up to the read's end, less one: the emoji's high surrogate ends the read, its low one starts the next.
    const pad = "ਊ".repeat(boundary / 2 - 1 - (head + lines).length);
    const text = `${head}${lines}${pad}😀\n${"ਊ\n".repeat(2000)}`;
    const bytes = Buffer.concat([Buffer.from(text, "utf16le"), Buffer.from([0x00, 0xdc]), Buffer.from("</title></thread></disqus>", "utf16le")]);
    expect(bytes.subarray(boundary - 2, boundary + 2)).toEqual(Buffer.from("😀", "utf16le"));
    expect(await rejection(await write("utf16-reads.xml", bytes))).toEqual({ line: 3 + 1500 + 1 + 2000, message: "the file is not valid utf-16le text (it declares that encoding)" });
  });
});

describe("WordPress comment dates", () => {
  const wxr = (gmt: string, local: string) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<item>
<title>Post</title>
<wp:post_id>1</wp:post_id>
<wp:post_date_gmt>2020-01-01 00:00:00</wp:post_date_gmt>
<wp:comment>
<wp:comment_id>5</wp:comment_id>
<wp:comment_date>${local}</wp:comment_date>
<wp:comment_date_gmt>${gmt}</wp:comment_date_gmt>
<wp:comment_content>Hello</wp:comment_content>
</wp:comment>
</item></channel></rss>`;

  it("rejects a date that is not one, with the element's line, rather than take another", async () => {
    expect(await rejection(await write("bad-gmt.xml", wxr("2020-02-30 10:00:00", "2020-02-28 10:00:00")))).toEqual({
      line: 11,
      message: 'comment 5: "2020-02-30 10:00:00" in <wp:comment_date_gmt> is not a date (WordPress writes YYYY-MM-DD HH:MM:SS)',
    });
    expect(await rejection(await write("bad-local.xml", wxr("", "yesterday")))).toEqual({
      line: 10,
      message: 'comment 5: "yesterday" in <wp:comment_date> is not a date (WordPress writes YYYY-MM-DD HH:MM:SS)',
    });
  });

  it("takes an empty date or WordPress's zero date as none", async () => {
    const local = await parseFile(await write("zero-gmt.xml", wxr("0000-00-00 00:00:00", "2020-02-28 10:00:00")));
    expect(local.comments.map((c) => [c.postedAt.toISOString(), c.postedAtEstimated])).toEqual([["2020-02-28T10:00:00.000Z", true]]);
    const post = await parseFile(await write("no-dates.xml", wxr("", "0000-00-00 00:00:00")));
    expect(post.comments.map((c) => c.postedAt.toISOString())).toEqual(["2020-01-01T00:00:00.000Z"]);
    const dateOnly = await parseFile(await write("zero-date-only.xml", wxr("0000-00-00", "2020-02-28 10:00:00")));
    expect(dateOnly.comments.map((c) => c.postedAt.toISOString())).toEqual(["2020-02-28T10:00:00.000Z"]);
  });

  it("reads the dates other exporters write: fractional seconds, ISO 8601 with a zone", async () => {
    const fraction = await parseFile(await write("fraction.xml", wxr("2020-02-28 10:00:00.123", "")));
    expect(fraction.comments.map((c) => [c.postedAt.toISOString(), c.postedAtEstimated])).toEqual([["2020-02-28T10:00:00.000Z", false]]);
    const iso = await parseFile(await write("iso.xml", wxr("2020-02-28T10:00:00+02:00", "")));
    expect(iso.comments.map((c) => c.postedAt.toISOString())).toEqual(["2020-02-28T08:00:00.000Z"]);
  });
});

describe("format detection by content", () => {
  const csv = "thread.key,sourceId,parentSourceId,author,postedAt,body\nt1,1,,Ann,2024-05-01T10:00:00Z,fine\n";

  it("recognises an empty Commento export, on one line or pretty-printed", async () => {
    expect(detectFormat("empty.json", '{"version":1,"comments":[],"commenters":[]}')).toBe("commento");
    expect(detectFormat("empty.json", '{\n  "version": 1,\n  "comments": [],\n  "commenters": []\n}\n')).toBe("commento");
    const parsed = await parseFile(await write("empty-commento.json", '{"version":1,"comments":[],"commenters":[]}\n'));
    expect([parsed.format, parsed.comments.length]).toEqual(["commento", 0]);
  });

  it("reads CSV and JSON lines whatever the file is named, when the content says so", () => {
    expect(detectFormat("comments.tsv", csv)).toBe("csv");
    expect(detectFormat("export.csv.bak", `\uFEFF${csv}`)).toBe("csv");
    expect(detectFormat("noext", csv)).toBe("csv");
    expect(detectFormat("rows.log", '{"thread.key":"t","sourceId":"1","postedAt":"2024-01-01T00:00:00Z","body":""}\n')).toBe("jsonl");
    // A .txt holding a CSV of the import's columns is that CSV; any other .txt is a saved page.
    expect(detectFormat("export.txt", csv)).toBe("csv");
    expect(detectFormat("page.txt", "sourceId, explained: why ids matter\n\nBody")).toBe("text");
  });

  it("refuses a file it cannot name a format for, instead of importing an empty page", () => {
    expect(detectFormat("notes.md", "# Notes\n\nNothing here.\n")).toEqual({ unsupported: expect.stringMatching(/^a \.md file that is not XML, JSON, JSON lines or a CSV .*named \.txt/) });
    expect(detectFormat("README", "Read me first.\n")).toEqual({ unsupported: expect.stringMatching(/^a file without an extension that is not XML/) });
    expect(detectFormat("rows.tsv", "thread.key\tsourceId\tpostedAt\tbody\nt\t1\t2024-01-01T00:00:00Z\thi\n")).toEqual({
      unsupported: expect.stringMatching(/^a file of tab-separated values/),
    });
  });

  it("still takes every seed page for a saved text page", () => {
    const seeds = fs.readdirSync(SEEDS).filter((f) => f.endsWith(".txt"));
    expect(seeds.length).toBeGreaterThan(0);
    for (const name of seeds) expect(detectFormat(name, fs.readFileSync(path.join(SEEDS, name), "utf8").slice(0, 16_384)), name).toBe("text");
  });
});

describe("cut-short and malformed input", () => {
  it("names the last line of a JSON export that ends early", async () => {
    const commento = '{\n  "version": 1,\n  "comments": [\n    {\n      "commentHex": "ab",\n      "markdown": "Hel';
    expect(await rejection(await write("cut-commento.json", commento))).toEqual({
      line: 6,
      message: expect.stringMatching(/^the file ends before its JSON is complete; is it cut short\? \(/),
    });
    const isso = '[\n {\n  "id": "/a/",\n  "comments": [\n   {"id": 1, "created": "2020-01-01 10:00:00", "text": "x"}\n';
    expect(await rejection(await write("cut-isso.json", isso))).toEqual({
      line: 5,
      message: expect.stringMatching(/^the file ends before its JSON is complete; is it cut short\? \(/),
    });
  });

  it("names the line of a bare & that no ; follows anywhere in the file", async () => {
    const xml = `<?xml version="1.0"?>\n<disqus xmlns:dsq="x">\n<thread dsq:id="t1"/>\n<post dsq:id="1"><message>Tom & Jerry</message>\n<createdAt>2024-01-01T00:00:00Z</createdAt>\n</post>\n</disqus>\n`;
    expect(await rejection(await write("bare-amp.xml", xml))).toEqual({
      line: 4,
      message: 'an unescaped "&" ("& Jerry</message>…"): a literal & must be written &amp; in XML',
    });
  });

  it("rejects a CSV header naming a column twice, where one value would be lost", async () => {
    expect(await rejection(await write("twice.csv", "thread.key,sourceId,postedAt,body,body\nt,1,2024-01-01T00:00:00Z,first,second\n"))).toEqual({
      line: 1,
      message: "the header names the column body twice: each column may appear once (a value would be lost)",
    });
  });

  it("tells a value of the wrong type from a missing one", async () => {
    const row = (fields: string) => `{"thread.key":"t","sourceId":"1","postedAt":"2024-01-01T00:00:00Z",${fields}}\n`;
    expect(await rejection(await write("number-body.jsonl", row('"body":42')))).toEqual({ line: 1, message: "body must be text" });
    expect(await rejection(await write("list-author.jsonl", row('"body":"x","author":["Ann"]')))).toEqual({ line: 1, message: "author must be text" });
    expect(await rejection(await write("number-time.jsonl", '{"thread.key":"t","sourceId":"1","postedAt":1714557600,"body":"x"}\n'))).toEqual({
      line: 1,
      message: "postedAt must be text (an ISO 8601 time with a zone, e.g. 2024-05-01T10:00:00Z)",
    });
    expect(await rejection(await write("missing-body.jsonl", row('"author":"Ann"')))).toEqual({ line: 1, message: "body is required (it may be empty)" });
  });

  it("rejects text holding half of a surrogate pair, with its line", async () => {
    const ok = '{"thread.key":"t","sourceId":"1","postedAt":"2024-01-01T00:00:00Z","body":"fine 🙂"}\n';
    expect(await rejection(await write("lone-surrogate.jsonl", `${ok}{"thread.key":"t","sourceId":"2","postedAt":"2024-01-01T00:00:00Z","body":"x \\ud800 y"}\n`))).toEqual({
      line: 2,
      message: "comment 2: the text holds half of a surrogate pair (an unpaired \\ud800–\\udfff escape), which is not text",
    });
    expect(await rejection(await write("lone-author.jsonl", `{"thread.key":"t","sourceId":"3","postedAt":"2024-01-01T00:00:00Z","body":"x","author":"\\udc00"}\n`))).toMatchObject({
      line: 1,
      message: expect.stringMatching(/^comment 3: the author's name holds half of a surrogate pair/),
    });
  });
});
