import { stringify } from "csv-stringify/sync";
import { XSS_NAMES, XSS_PAYLOADS, xssTitle } from "./xss-payloads";

export const HOSTILE_FORMATS = ["text", "disqus", "wxr", "html", "csv", "jsonl"] as const;
export type HostileFormat = (typeof HOSTILE_FORMATS)[number];

/** A comment as it must be stored: its text and author exactly as the payloads read. */
export type ExpectedComment = { author: string; body: string };

export type HostileFile = {
  format: HostileFormat;
  /** File name; its extension lets the importer recognise the format. */
  name: string;
  content: string;
  title: string;
  /** Comments whose payload travels as text: stored and shown exactly as written. */
  expected: ExpectedComment[];
  /** Payloads that travel as the source's own HTML (Disqus message, WordPress content, bodyHtml). */
  rawHtml: readonly string[];
};

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const escapeXml = escapeHtml;
const cdata = (s: string) => `<![CDATA[${s.replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;
const wpTime = (d: Date) => d.toISOString().slice(0, 19).replace("T", " ");

/** Every payload as a comment text, with authors cycling through the payload names. */
function expectedComments(): ExpectedComment[] {
  return XSS_PAYLOADS.map((body, i) => ({ body, author: XSS_NAMES[i % XSS_NAMES.length]! }));
}

function textPage(title: string, comments: ExpectedComment[]): string {
  const items = comments.map((c) => `  • ${c.author}\n\n    ${c.body}\n`).join("\n");
  return `${title}\n\nA short article about a harbour.\n\n${items}`;
}

function disqusExport(title: string, comments: ExpectedComment[], at: (i: number) => Date): string {
  const posts = [
    ...comments.map((c, i) => ({ id: `x${i}`, author: c.author, message: cdata(escapeHtml(c.body)) })),
    ...XSS_PAYLOADS.map((p, i) => ({ id: `raw${i}`, author: "raw html", message: cdata(p) })),
  ];
  return `<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <category dsq:id="1"><forum>xss</forum><title>General</title></category>
  <thread dsq:id="t1"><forum>xss</forum><link>https://xss.example/disqus-thread</link><title>${escapeXml(title)}</title><createdAt>2026-01-01T00:00:00Z</createdAt></thread>
  <thread dsq:id="t2"><forum>xss</forum><link>javascript:window.__xss=1</link><title>${escapeXml(title)} (link)</title><createdAt>2026-01-01T00:00:00Z</createdAt></thread>
${posts
  .map(
    (p, i) => `  <post dsq:id="${p.id}"><message>${p.message}</message><createdAt>${at(i).toISOString().slice(0, 19)}Z</createdAt>
    <author><name>${escapeXml(p.author)}</name><isAnonymous>false</isAnonymous></author><thread dsq:id="${i === 0 ? "t2" : "t1"}"/></post>`,
  )
  .join("\n")}
</disqus>
`;
}

function wxrExport(title: string, comments: ExpectedComment[], at: (i: number) => Date): string {
  const all = [
    ...comments.map((c) => ({ author: escapeHtml(c.author), content: escapeHtml(c.body) })),
    ...XSS_PAYLOADS.map((p) => ({ author: "raw html", content: p })),
  ];
  const items = all
    .map(
      (c, i) => `      <wp:comment>
        <wp:comment_id>${i + 1}</wp:comment_id>
        <wp:comment_author>${cdata(c.author)}</wp:comment_author>
        <wp:comment_author_email>reader${i}@xss.example</wp:comment_author_email>
        <wp:comment_date_gmt>${wpTime(at(i))}</wp:comment_date_gmt>
        <wp:comment_content>${cdata(c.content)}</wp:comment_content>
        <wp:comment_approved>1</wp:comment_approved>
        <wp:comment_type></wp:comment_type>
        <wp:comment_parent>0</wp:comment_parent>
      </wp:comment>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
  <channel>
    <title>XSS blog</title>
    <link>https://xss.example</link>
    <wp:wxr_version>1.2</wp:wxr_version>
    <wp:base_site_url>https://xss.example</wp:base_site_url>
    <item>
      <title>${cdata(escapeHtml(title))}</title>
      <link>https://xss.example/wxr-post</link>
      <wp:post_id>7</wp:post_id>
      <wp:post_type>post</wp:post_type>
${items}
    </item>
  </channel>
</rss>
`;
}

function htmlPage(title: string, comments: ExpectedComment[], at: (i: number) => Date): string {
  const items = comments
    .map(
      (c, i) => `<li class="comment depth-1" id="comment-${i + 1}"><article class="comment-body">
<footer class="comment-meta"><div class="comment-author"><b class="fn">${escapeHtml(c.author)}</b></div>
<div class="comment-metadata"><time datetime="${at(i).toISOString()}">today</time></div></footer>
<div class="comment-content"><p>${escapeHtml(c.body)}</p></div></article></li>`,
    )
    .join("\n");
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><link rel="canonical" href="https://xss.example/html-page"></head>
<body><h1 class="entry-title">${escapeHtml(title)}</h1><p>A short article.</p>
<div id="comments"><ol class="commentlist">
${items}
</ol></div></body></html>
`;
}

type Row = Record<string, string>;

function rows(title: string, comments: ExpectedComment[], at: (i: number) => Date): Row[] {
  const base = { "thread.key": "xss-thread", "thread.title": title, "thread.url": "https://xss.example/records" };
  return [
    ...comments.map((c, i) => ({ ...base, sourceId: `x${i}`, postedAt: at(i).toISOString(), author: c.author, body: c.body, bodyHtml: "" })),
    ...XSS_PAYLOADS.map((p, i) => ({ ...base, sourceId: `raw${i}`, postedAt: at(i).toISOString(), author: "raw html", body: "stored html", bodyHtml: p })),
  ];
}

/**
 * The payload corpus as one file per import format, built at run time: every payload
 * as a comment text, the payload names as authors and a payload in the thread title;
 * formats that carry HTML also get every payload as the source's own HTML.
 */
export function buildHostileFiles(now = new Date()): HostileFile[] {
  // Recent times, so the comments fall inside the dashboards' default ranges.
  const at = (i: number) => new Date(now.getTime() - 3_600_000 + i * 1000);
  const expected = expectedComments();
  const file = (format: HostileFormat, name: string, content: (title: string) => string, rawHtml: readonly string[] = []): HostileFile => {
    const title = xssTitle(format);
    return { format, name, content: content(title), title, expected, rawHtml };
  };
  return [
    file("text", "xss-page.txt", (t) => textPage(t, expected)),
    file("disqus", "xss-disqus.xml", (t) => disqusExport(t, expected, at), XSS_PAYLOADS),
    file("wxr", "xss-wordpress.xml", (t) => wxrExport(t, expected, at), XSS_PAYLOADS),
    file("html", "xss-page.html", (t) => htmlPage(t, expected, at)),
    file("csv", "xss-comments.csv", (t) => stringify(rows(t, expected, at), { header: true }), XSS_PAYLOADS),
    file("jsonl", "xss-comments.jsonl", (t) => rows(t, expected, at).map((r) => JSON.stringify(r)).join("\n") + "\n", XSS_PAYLOADS),
  ];
}
