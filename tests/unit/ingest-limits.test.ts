import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { LIMITS } from "@/lib/ingest/limits";
import { parseFile, rejection, tempWriter } from "./ingest-events";

const write = await tempWriter("cdk-limits-");

const disqus = (message: string, extra = "") =>
  `<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n` +
  `<thread dsq:id="t1"><link>https://news.example/a</link><title>A</title></thread>\n` +
  `<post dsq:id="p1"${extra}><message>${message}</message><createdAt>2024-01-01T00:00:00Z</createdAt><thread dsq:id="t1"/>` +
  `<author><name>Ann</name></author></post>\n</disqus>\n`;
const csvHeader = "sourceId,thread.key,thread.url,postedAt,body\n";

describe("importer limits", () => {
  it("takes a comment of exactly the largest size and refuses one character more, naming its line", async () => {
    const fits = await parseFile(await write("fits.csv", `${csvHeader}c1,k,,2024-01-01T00:00:00Z,${"a".repeat(LIMITS.textChars)}\n`));
    expect(fits.comments[0]!.body).toHaveLength(LIMITS.textChars);
    const over = await rejection(await write("over.csv", `${csvHeader}c0,k,,2024-01-01T00:00:00Z,x\nc1,k,,2024-01-01T00:00:00Z,${"a".repeat(LIMITS.textChars + 1)}\n`));
    expect(over).toEqual({ line: 3, message: "comment c1: the text is 1,000,001 characters long; the importer takes at most 1,000,000" });
  });

  it("stops reading an XML text, CDATA section or attribute list that never ends", async () => {
    const cdata = await rejection(await write("cdata.xml", disqus(`<![CDATA[${"a".repeat(LIMITS.recordChars + 10)}]]>`)));
    expect(cdata.line).toBe(4);
    expect(cdata.message).toMatch(/is longer than 4,000,000 characters/);
    const attribute = await rejection(await write("attr.xml", disqus("hi", ` x="${"a".repeat(LIMITS.recordChars + 10)}"`)));
    expect(attribute.message).toMatch(/is longer than 4,000,000 characters/);
  });

  it("counts the attributes of a record's elements with its text: many long ones are refused too", async () => {
    const junk = `<junk a="${"a".repeat(1_000_000)}"/>`.repeat(5);
    const held = await rejection(await write("attrs.xml", disqus("hi").replace("<message>", `${junk}<message>`)));
    expect(held).toEqual({ line: 4, message: expect.stringMatching(/^the <post> element opened on this line is longer than 4,000,000 characters/) });
  });

  it("names the line of a source's over-long address or name, not the file's last comment", async () => {
    const long = "a".repeat(3_000);
    const forum = disqus("hi").replace("<thread dsq:id", `<category dsq:id="1"><forum>${long}</forum></category>\n<thread dsq:id`);
    expect((await rejection(await write("forum.xml", forum))).line).toBe(3);
    const comment = (post: number) =>
      `<item>\n<title>P${post}</title>\n<wp:post_id>${post}</wp:post_id>\n<wp:comment>\n<wp:comment_id>1</wp:comment_id>\n` +
      `<wp:comment_date_gmt>2020-01-01 00:00:00</wp:comment_date_gmt>\n<wp:comment_content>hello</wp:comment_content>\n</wp:comment>\n</item>\n`;
    const wxr = (channel: string) =>
      `<?xml version="1.0"?>\n<rss xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n${channel}\n${comment(1)}${comment(2)}</channel>\n</rss>\n`;
    const site = await rejection(await write("site.xml", wxr(`<title>Blog</title>\n<wp:base_blog_url>https://example.org/${long}</wp:base_blog_url>`)));
    expect(site).toMatchObject({ line: 5, message: expect.stringMatching(/source key/) });
    const title = await rejection(await write("title.xml", wxr(`<title>${"T".repeat(LIMITS.textChars + 1)}</title>`)));
    expect(title).toMatchObject({ line: 4, message: expect.stringMatching(/source's name/) });
  });

  it("refuses XML nested deeper than any export, before the stack overflows", async () => {
    const deep = await rejection(await write("deep.xml", disqus(`${"<b>".repeat(50_000)}${"</b>".repeat(50_000)}`)));
    expect(deep).toEqual({ line: 4, message: "elements are nested more than 100 levels deep; comment exports nest a few levels" });
  });

  it("never loads entities declared in a DTD (billion laughs, external files)", async () => {
    const laughs = `<!DOCTYPE disqus [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n`;
    const bomb = await rejection(await write("laughs.xml", disqus("&c;").replace("\n", `\n${laughs}`)));
    expect(bomb.message).toMatch(/never loaded/);
    const external = await rejection(await write("xxe.xml", disqus("&x;").replace("\n", `\n<!DOCTYPE disqus [<!ENTITY x SYSTEM "file:///etc/hostname">]>\n`)));
    expect(external.message).toMatch(/never loaded/);
  });

  it("refuses a WordPress post holding more comment text than it may before its post id", async () => {
    // Comments are held until <wp:post_id> arrives; a few huge ones would fill the heap as surely as many small ones.
    const comment = `<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_content><![CDATA[${"a".repeat(1_000_000)}]]></wp:comment_content></wp:comment>\n`;
    const count = Math.ceil(LIMITS.heldChars / 1_000_000) + 1;
    const wxr = `<?xml version="1.0"?>\n<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>\n<title>Blog</title>\n<item>\n${comment.repeat(count)}<wp:post_id>1</wp:post_id></item></channel></rss>\n`;
    expect(count).toBeLessThan(LIMITS.heldComments);
    expect(await rejection(await write("held.xml", wxr))).toEqual({
      line: 4,
      message: "this <item> holds more than 64 MB of comments before its <wp:post_id>; WordPress writes the post id first",
    });
    // 64 MB through the parser: seconds on two busy cores, past the default 5 s.
  }, 30_000);

  it("refuses a gzip bomb once it unpacks past 100 times the file's size", async () => {
    const packed = zlib.gzipSync(Buffer.concat([Buffer.from(csvHeader), Buffer.alloc(200 * 1024 * 1024, "\n")]), { level: 9 });
    const bomb = await rejection(await write("bomb.csv.gz", packed));
    expect(bomb.message).toBe("the gzip data unpacks to more than 64 MB (100 times the file's size): a gzip bomb or not an export");
  });

  it("names the line of a NUL character, in the bytes or escaped in JSON", async () => {
    expect(await rejection(await write("nul.csv", `${csvHeader}c1,k,,2024-01-01T00:00:00Z,ok\nc2,k,,2024-01-01T00:00:00Z,a\u0000b\n`))).toEqual({
      line: 3,
      message: "the file holds a NUL character (a zero byte): it is binary, or not utf-8 text",
    });
    const escaped = await rejection(await write("nul.jsonl", `{"sourceId":"c1","thread":{"key":"k"},"postedAt":"2024-01-01T00:00:00Z","body":"a\\u0000b"}\n`));
    expect(escaped).toEqual({ line: 1, message: "comment c1: the text holds a NUL character (\\u0000), which is not text" });
  });

  it("refuses deeply nested JSON, endless JSON lines and CSV rows", async () => {
    const nested = `{"sourceId":"c1","thread":{"key":"k"},"postedAt":"2024-01-01T00:00:00Z","body":"x","extra":${"[".repeat(5000)}${"]".repeat(5000)}}\n`;
    expect(await rejection(await write("deep.jsonl", nested))).toEqual({ line: 1, message: "the record nests objects or lists more than 20 levels deep" });
    const endless = await rejection(await write("endless.jsonl", `{"sourceId":"c1","body":"${"a".repeat(LIMITS.recordChars + 10)}`));
    expect(endless).toEqual({ line: 1, message: "this line is longer than 4,000,000 characters; the importer takes at most that much in one piece" });
    const unclosed = await rejection(await write("unclosed.csv", `${csvHeader}c1,k,,2024-01-01T00:00:00Z,"${"a\n".repeat(LIMITS.recordChars / 2 + 10)}`));
    expect(unclosed).toEqual({
      line: 2,
      message: "the row starting on this line is longer than 4,000,000 characters; the importer takes at most that much in one piece (is a quoted value left open?)",
    });
  });

  it("rejects a bad row early in a large CSV instead of waiting forever to feed the rest", async () => {
    // The bad row is read while the parser still waits for the end of a long row written in later chunks.
    const row = (i: number, url = "") => `c${i},k,${url},2024-01-01T00:00:00Z,comment ${i}\n`;
    const rows = [...Array.from({ length: 11 }, (_, i) => row(i)), row(11, "javascript:x"), row(12), `c13,k,,2024-01-01T00:00:00Z,${"<b>".repeat(250_000)}\n`, row(14)];
    expect(await rejection(await write("early.csv", csvHeader + rows.join("")))).toEqual({ line: 13, message: "thread.url must be an absolute http(s) address" });
  });

  it("refuses keys too long to index, and stores only http(s) thread addresses", async () => {
    const longKey = await rejection(await write("key.csv", `${csvHeader}${"k".repeat(LIMITS.keyBytes + 1)},k,,2024-01-01T00:00:00Z,x\n`));
    expect(longKey).toEqual({ line: 2, message: "a comment's id is longer than 2,000 bytes; ids, keys and addresses must be shorter" });
    const script = await rejection(await write("js.csv", `${csvHeader}c1,k,javascript:alert(1),2024-01-01T00:00:00Z,x\n`));
    expect(script).toEqual({ line: 2, message: "thread.url must be an absolute http(s) address" });
    const parsed = await parseFile(await write("js.xml", disqus("hi").replace("https://news.example/a", "javascript:alert(document.domain)")));
    expect(parsed.threads[0]!.url).toBeNull();
  });

  it("refuses saved pages with an endless line or nesting no real page has", async () => {
    const line = await rejection(await write("long.txt", `Title\n\nbody\n${"word ".repeat(LIMITS.textChars / 5 + 1)}\n`));
    expect(line).toEqual({ line: 4, message: "this line is 1,000,005 characters long; the importer takes at most 1,000,000 for one comment" });
    const html = `<!doctype html>\n<html><body>\n<ol class="commentlist"><li class="comment" id="comment-1">${"<div>".repeat(20_000)}</li></ol></body></html>`;
    expect(await rejection(await write("deep.html", html))).toEqual({ line: 3, message: "elements are nested more than 500 levels deep; saved pages nest far less" });
    // 1.5 MB of empty tags, which as a tree would take about 150 MB of the import's heap.
    const wide = `<!doctype html>\n<html><body>\n<ol class="commentlist"><li class="comment" id="comment-1"><p>Hi</p></li></ol>\n${"<b></b>".repeat(LIMITS.htmlElements)}\n</body></html>`;
    expect(await rejection(await write("wide.html", wide))).toEqual({ line: 4, message: "the page has more than 200,000 elements; a saved page of 1,000 comments has about 40,000" });
  });

  it("finds each comment's own parts once, however deep its replies nest", async () => {
    // Replies nested in replies, each with its own author and text: the parts of a reply are not its parent's.
    const depth = 200;
    const open = Array.from({ length: depth }, (_, i) =>
      `<li class="comment" id="comment-${i + 1}"><div class="comment-body"><cite class="fn">Reader ${i + 1}</cite><div class="comment-content"><p>Text ${i + 1}</p></div></div><ul class="children">`,
    ).join("\n");
    const page = `<!doctype html>\n<html><head><title>Deep</title></head><body>\n<ol class="commentlist">\n${open}${"</ul></li>".repeat(depth)}</ol></body></html>`;
    const parsed = await parseFile(await write("nested.html", page));
    expect(parsed.comments).toHaveLength(depth);
    expect(parsed.comments.map((c) => [c.authorName, c.body])).toEqual(Array.from({ length: depth }, (_, i) => [`Reader ${i + 1}`, `Text ${i + 1}`]));
    expect(parsed.comments.slice(1).every((c, i) => c.parentSourceId === parsed.comments[i]!.sourceCommentId)).toBe(true);
  });
});
