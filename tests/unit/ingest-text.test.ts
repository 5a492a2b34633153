import { describe, expect, it } from "vitest";
import { htmlToText } from "@/lib/ingest/html-text";
import { parseDisplayedDate, parseIsoInstant, parseRfc822, parseUtcDateTime } from "@/lib/ingest/dates";
import { canonicalUrl } from "@/lib/ingest/canonical-url";
import { detectFormat } from "@/lib/ingest/detect";
import { progressLine } from "@/lib/ingest/progress-line";

describe("HTML to plain text", () => {
  it("reads markup as a browser shows it: paragraphs, line breaks, entities, no tags", () => {
    expect(htmlToText("<p>One  two\n three.</p><p>Four<br>five &amp; six &#8220;q&#8221;</p>")).toBe("One two three.\n\nFour\nfive & six “q”");
    expect(htmlToText('<p>Link: <a href="https://x.example">here</a>.</p><script>alert(1)</script>')).toBe("Link: here.");
    expect(htmlToText("<ul><li>a</li><li>b</li></ul>")).toBe("a\nb");
  });

  it("keeps characters exact: backslashes, scripts, emoji, non-breaking spaces", () => {
    expect(htmlToText("<p>¯\\_(ツ)_/¯ Привет 🙂 a\u00a0b</p>")).toBe("¯\\_(ツ)_/¯ Привет 🙂 a\u00a0b");
    expect(htmlToText("plain C:\\path\\file and ünïcödé", "wordpress")).toBe("plain C:\\path\\file and ünïcödé");
  });

  it("treats newlines in WordPress comment text as line breaks, without doubling a <br> that precedes one", () => {
    expect(htmlToText("Row1\nRow2\n\nRow4", "wordpress")).toBe("Row1\nRow2\n\nRow4");
    expect(htmlToText("Hi, this is a comment.<br />To delete &#039;it&#039;", "wordpress")).toBe("Hi, this is a comment.\nTo delete 'it'");
    expect(htmlToText("line<br />\nnext", "wordpress")).toBe("line\nnext");
    expect(htmlToText("\n   Erster!1  \n", "wordpress")).toBe("Erster!1");
  });

  it("converts a message of many paragraphs in one pass (it rescanned the text at each paragraph: minutes for a megabyte)", () => {
    // 80,000 paragraphs took 23 s (html) and 68 s (wordpress) before; the whole test now takes well under a second.
    const html = "<p>ab cd  </p>\n".repeat(80_000);
    const expected = Array.from({ length: 80_000 }, () => "ab cd").join("\n\n");
    expect(htmlToText(html)).toBe(expected);
    expect(htmlToText(html, "wordpress")).toBe(expected);
  });

  it("keeps an empty line for two line breaks in a row, and reads <br></br> as one", () => {
    expect(htmlToText("a<br><br>b")).toBe("a\n\nb");
    expect(htmlToText("a<br /><br /><br />b", "wordpress")).toBe("a\n\nb");
    // How cheerio writes a saved page's <br>: one break, not two.
    expect(htmlToText("<p>a<br></br>\nb</p>")).toBe("a\nb");
  });

  it("reads smilies and emoji images as the characters they stand for, other images as nothing", () => {
    expect(htmlToText('Nice <img class="wp-smiley" alt=":)" src="s.png"> post <img class="emoji" alt="😀" src="e.svg">')).toBe("Nice :) post 😀");
    expect(htmlToText('Thanks <img alt="👍🏽" src="t.png">!', "wordpress")).toBe("Thanks 👍🏽!");
    expect(htmlToText('<p><img alt="Chart of fares" src="c.png">Fares rose.</p>')).toBe("Fares rose.");
  });

  it("keeps preformatted text as written", () => {
    expect(htmlToText("<pre>a\n  b</pre><p>c</p>")).toBe("a\n  b\n\nc");
  });
});

describe("dates as sources write them", () => {
  it("reads ISO 8601 instants with a zone and refuses the rest", () => {
    expect(parseIsoInstant("2013-10-10T19:20:29Z")?.toISOString()).toBe("2013-10-10T19:20:29.000Z");
    expect(parseIsoInstant("2012-12-11T11:07:17+01:00")?.toISOString()).toBe("2012-12-11T10:07:17.000Z");
    expect(parseIsoInstant("2020-01-27T14:08:44.061525Z")?.toISOString()).toBe("2020-01-27T14:08:44.061Z");
    expect(parseIsoInstant("2011-x09-30T22:48:43Z")).toBeNull();
    expect(parseIsoInstant("2024-02-30T10:00:00Z")).toBeNull();
    expect(parseIsoInstant("2024-01-01T10:00:00")).toBeNull();
  });

  it("reads WordPress GMT fields as UTC and its zero date as none", () => {
    expect(parseUtcDateTime("2014-01-14 17:32:12")?.toISOString()).toBe("2014-01-14T17:32:12.000Z");
    expect(parseUtcDateTime("0000-00-00 00:00:00")).toBeNull();
    expect(parseRfc822("Tue, 30 Nov 1999 00:00:00 +0000")?.toISOString()).toBe("1999-11-30T00:00:00.000Z");
    // No zone: UTC, whatever the server's zone.
    const zone = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      expect(parseRfc822("Tue, 30 Nov 1999 08:15:00")?.toISOString()).toBe("1999-11-30T08:15:00.000Z");
      expect(parseRfc822("Tue, 30 Nov 1999 08:15:00 GMT")?.toISOString()).toBe("1999-11-30T08:15:00.000Z");
      expect(parseRfc822("Tue, 30 Nov 1999 08:15:00 -0500")?.toISOString()).toBe("1999-11-30T13:15:00.000Z");
      // A zone written straight after the time is still the zone.
      expect(parseRfc822("Tue, 30 Nov 1999 08:15:00-0500")?.toISOString()).toBe("1999-11-30T13:15:00.000Z");
      expect(parseRfc822("Tue, 30 Nov 1999 08:15:00+01:00")?.toISOString()).toBe("1999-11-30T07:15:00.000Z");
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("reads the dates themes print in several languages, as UTC wall-clock time", () => {
    expect(parseDisplayedDate("22. Juli 2019 at 16:25")?.toISOString()).toBe("2019-07-22T16:25:00.000Z");
    expect(parseDisplayedDate("11. Dezember 2012 um 11:07")?.toISOString()).toBe("2012-12-11T11:07:00.000Z");
    expect(parseDisplayedDate("July 11, 2011 at 12:25 pm")?.toISOString()).toBe("2011-07-11T12:25:00.000Z");
    expect(parseDisplayedDate("January 22, 2017 at 12:19 am")?.toISOString()).toBe("2017-01-22T00:19:00.000Z");
    expect(parseDisplayedDate("3 août 2019 à 16 h 25")?.toISOString()).toBe("2019-08-03T16:25:00.000Z");
    expect(parseDisplayedDate("Reply")).toBeNull();
    expect(parseDisplayedDate("31. Februar 2019 at 10:00")).toBeNull();
  });
});

describe("canonical URLs", () => {
  it("match the same article on another origin, with a trailing slash or tracking parameters", () => {
    const a = canonicalUrl("https://www.news.example/politics/story-1/?utm_source=twitter&fbclid=x");
    expect(a).toBe("/politics/story-1");
    expect(canonicalUrl("http://news.example/politics/story-1")).toBe(a);
    expect(canonicalUrl("https://amp.news.example/politics/story-1?page=2&utm_medium=s")).toBe("/politics/story-1?page=2");
    expect(canonicalUrl("not a url")).toBeNull();
    // A decoded NUL would be refused by PostgreSQL (the import failed as a server fault): the path stays encoded.
    expect(canonicalUrl("https://a.example/x%00y")).toBe("/x%00y");
    expect(canonicalUrl("https://a.example/caf%C3%A9")).toBe("/café");
    // Hash-bang sites name the article after "#!"; other fragments are not part of the article.
    expect(canonicalUrl("https://a.example/#!/post/1")).toBe("/#!/post/1");
    expect(canonicalUrl("https://a.example/#!/post/2")).not.toBe(canonicalUrl("https://a.example/#!/post/1"));
    expect(canonicalUrl("https://a.example/story#comments")).toBe("/story");
    // Longer than an index entry holds once re-encoded: no key rather than a failed import.
    expect(canonicalUrl(`https://a.example/s?q=${"中".repeat(600)}`)).toBeNull();
    expect(canonicalUrl(`https://a.example/s?q=${"中".repeat(100)}`)).toMatch(/^\/s\?q=/);
  });
});

describe("format detection", () => {
  it("recognises each format by its start, whatever the extension", () => {
    expect(detectFormat("a.xml", '<?xml version="1.0"?>\n<disqus xmlns="http://disqus.com">')).toBe("disqus");
    expect(detectFormat("export", '\uFEFF  <?xml version="1.0"?><!-- c --><rss xmlns:wp="https://wordpress.org/export/1.2/">')).toBe("wxr");
    expect(detectFormat("page.txt", "<!DOCTYPE html><html><body>")).toBe("html");
    expect(detectFormat("c.json", '{"version": 1, "comments": [{"commentHex": "ab"}]}')).toBe("commento");
    expect(detectFormat("i.json", '[{"comments": [], "id": "/p/", "title": "T"}]')).toBe("isso");
    expect(detectFormat("rows", '{"sourceId": "1", "body": "x"}\n{"sourceId": "2"}')).toBe("jsonl");
    expect(detectFormat("rows.csv", "sourceId,thread.key,postedAt,body\n")).toBe("csv");
    expect(detectFormat("page.txt", "A headline\n\nBody")).toBe("text");
    // A text page whose headline quotes markup is still a text page.
    expect(detectFormat("page.txt", "<html> turns 35: the web's first language at middle age\n\nBody")).toBe("text");
    expect(detectFormat("page.txt", "<disqus> export broke my blog\n\nBody")).toBe("text");
  });

  it("sends a damaged Disqus or WordPress file to its parser, which reports the line, and names unknown XML", () => {
    expect(detectFormat("disqus.xml", '`<?xml version="1.0"?>\n<disqus xmlns="http://disqus.com">')).toBe("disqus");
    expect(detectFormat("feed.xml", '<?xml version="1.0"?><rss version="2.0"><channel>')).toEqual({
      unsupported: expect.stringContaining("root element is <rss>"),
    });
    expect(detectFormat("data.json", "[1, 2, 3]")).toEqual({ unsupported: expect.stringContaining("JSON") });
  });
});

describe("terminal progress line", () => {
  it("shows the file, a bar over the bytes read, comments and their rate", () => {
    const line = progressLine(
      { phase: "reading", done: 50_000, file: "export.xml", index: 2, files: 3, bytesRead: 25, bytesTotal: 100 },
      2,
      8,
    );
    expect(line).toBe("[2/3] export.xml ██░░░░░░ 25% reading 50,000 comments, 25,000/s");
    // Storing: the bar follows the comments; the rate counts only this phase's work, once it means something.
    const storing = { phase: "writing" as const, done: 30_000, total: 40_000, file: "export.xml", index: 2, files: 3, bytesRead: 100, bytesTotal: 100 };
    expect(progressLine(storing, 2, 8, 10_000)).toBe("[2/3] export.xml ██████░░ 75% storing 30,000 comments, 5,000/s");
    expect(progressLine(storing, 0.1, 8, 10_000)).toBe("[2/3] export.xml ██████░░ 75% storing 30,000 comments");
  });
});
