import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import zlib from "node:zlib";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { stringify } from "csv-stringify/sync";
import type { Random } from "@/lib/demo/random";
import { FIXTURES, SEEDS } from "../support/paths";
import { buildHostileFiles } from "../support/hostile-files";

/** A file the fuzzer starts from: a real fixture or seed, or a CSV / JSON lines file built here. */
export type BaseInput = { name: string; bytes: Buffer };

/**
 * A base file, each kind (by extension: XML, HTML, text, CSV, JSON lines, JSON) equally
 * likely, so the few CSV and JSON lines files get as many mutations as the many XML fixtures.
 */
export function pickBase(bases: readonly BaseInput[], random: Random): BaseInput {
  const kinds = [...new Set(bases.map((b) => path.extname(b.name)))].sort();
  const kind = random.pick(kinds);
  return random.pick(bases.filter((b) => path.extname(b.name) === kind));
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fsp.readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name !== "README.md")
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Small CSV and JSON lines exports in the import schema (the fixtures hold none). */
function recordFiles(): BaseInput[] {
  const rows = Array.from({ length: 12 }, (_, i) => ({
    "thread.key": `t${i % 3}`,
    "thread.title": `Harbour story ${i % 3}`,
    "thread.url": `https://news.example/story-${i % 3}?utm_source=x`,
    "thread.source": i % 5 === 0 ? "other-site" : "",
    sourceId: `c${i}`,
    parentSourceId: i > 2 && i % 2 ? `c${i - 2}` : "",
    author: `Reader ${i % 4}`,
    authorEmail: `reader${i % 4}@example.org`,
    postedAt: new Date(Date.UTC(2026, 10, 1, 8, i)).toISOString(),
    body: i % 4 === 0 ? `Line one, "quoted"\nline two ${i}` : `Comment ${i}: you idiot, this is wrong`,
    bodyHtml: i % 3 === 0 ? `<p>Comment <b>${i}</b></p>` : "",
    sourceStatus: ["visible", "deleted", "spam", "pending"][i % 4]!,
    kind: i === 11 ? "pingback" : "comment",
  }));
  return [
    { name: "generated.csv", bytes: Buffer.from(stringify(rows, { header: true })) },
    { name: "generated.jsonl", bytes: Buffer.from(rows.map((r) => JSON.stringify(r)).join("\n")) },
  ];
}

/** Every fixture and seed, the generated records and the payload corpus in all six formats. */
export async function baseInputs(): Promise<BaseInput[]> {
  const files = [...(await filesUnder(FIXTURES)), ...(await filesUnder(SEEDS))];
  const real = await Promise.all(files.map(async (f) => ({ name: path.basename(f), bytes: await fsp.readFile(f) })));
  const hostile = buildHostileFiles().map((h) => ({ name: h.name, bytes: Buffer.from(h.content) }));
  return [...real, ...recordFiles(), ...hostile];
}

/** Writes `chunks` to a file without holding them in memory at once (100 MB comments, gzip bombs). */
async function writeStream(file: string, chunks: Iterable<string | Buffer>, gzip = false): Promise<void> {
  const source = Readable.from(chunks);
  if (gzip) await pipeline(source, zlib.createGzip({ level: 9 }), fs.createWriteStream(file));
  else await pipeline(source, fs.createWriteStream(file));
}

function* repeat(piece: string, times: number): Generator<string> {
  for (let i = 0; i < times; i++) yield piece;
}

const DISQUS_HEAD = `<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n<thread dsq:id="t1"><link>https://news.example/a</link><title>A</title></thread>\n`;
const post = (message: string) => `<post dsq:id="p1"><message>${message}</message><createdAt>2026-11-01T00:00:00Z</createdAt><thread dsq:id="t1"/><author><name>Ann</name></author></post>`;
const WXR_HEAD = `<?xml version="1.0"?>\n<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><link>https://blog.example</link><item><title>T</title><wp:post_id>1</wp:post_id><wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_date_gmt>2026-11-01 00:00:00</wp:comment_date_gmt><wp:comment_content><![CDATA[`;
const CSV_HEAD = "sourceId,thread.key,postedAt,body\n";

/**
 * A hostile file the fuzzer writes once per run, and what it exercises. Each breaks a
 * limit and must be rejected, except where `mayImport` says the file is harmless once
 * its DTD is ignored (nothing may be fetched either way).
 */
export type Special = { name: string; what: string; write: (file: string) => Promise<void>; mayImport?: boolean };

/**
 * Hand-built attacks: a single comment of `bigMb` MB in every format, gzip bombs,
 * entity expansion and external entities (pointing at `canary`), deep nesting.
 */
export function specialInputs(options: { bigMb: number; bombMb: number; canaryFile: string; canaryUrl: string }): Special[] {
  const chunk = "word ".repeat(200_000);
  const pieces = Math.ceil((options.bigMb * 1024 * 1024) / chunk.length);
  const big = () => repeat(chunk, pieces);
  const doctype = (body: string) => `<?xml version="1.0"?>\n<!DOCTYPE disqus [\n${body}\n]>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n<thread dsq:id="t1"><link>https://news.example/a</link><title>A</title></thread>\n`;
  const laughs = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join("\n");
  return [
    { name: "big-comment.xml", what: `a ${options.bigMb} MB Disqus message`, write: (f) => writeStream(f, [DISQUS_HEAD, '<post dsq:id="p1"><message><![CDATA[', ...big(), "]]></message></post></disqus>\n"]) },
    { name: "big-comment-wxr.xml", what: `a ${options.bigMb} MB WordPress comment`, write: (f) => writeStream(f, [WXR_HEAD, ...big(), "]]></wp:comment_content></wp:comment></item></channel></rss>\n"]) },
    { name: "big-comment.csv", what: `a ${options.bigMb} MB CSV value`, write: (f) => writeStream(f, [CSV_HEAD, 'c1,t1,2026-11-01T00:00:00Z,"', ...big(), '"\n']) },
    { name: "big-comment.jsonl", what: `a ${options.bigMb} MB JSON line`, write: (f) => writeStream(f, ['{"sourceId":"c1","thread.key":"t1","postedAt":"2026-11-01T00:00:00Z","body":"', ...big(), '"}\n']) },
    { name: "big-comment.txt", what: `a ${options.bigMb} MB saved text page`, write: (f) => writeStream(f, ["Title\n\n  • Ann\n\n    ", ...big(), "\n"]) },
    { name: "big-comment.html", what: `a ${options.bigMb} MB saved HTML page`, write: (f) => writeStream(f, ['<!doctype html><ol class="commentlist"><li class="comment" id="comment-1"><div class="comment-content">', ...big(), "</div></li></ol>"]) },
    { name: "big-attribute.xml", what: `a ${options.bigMb} MB attribute`, write: (f) => writeStream(f, [DISQUS_HEAD, '<post dsq:id="', ...big(), '"></post></disqus>\n']) },
    { name: "bomb.xml.gz", what: `a gzip bomb (${options.bombMb} MB of empty elements inside <disqus>)`, write: (f) => writeStream(f, [DISQUS_HEAD, ...repeat("<x/>".repeat(256 * 1024), options.bombMb), "</disqus>\n"], true) },
    { name: "bomb.csv.gz", what: `a gzip bomb (${options.bombMb} MB of empty CSV lines)`, write: (f) => writeStream(f, [CSV_HEAD, ...repeat("\n".repeat(1024 * 1024), options.bombMb)], true) },
    { name: "billion-laughs.xml", what: "entity expansion (billion laughs)", write: (f) => fsp.writeFile(f, `${doctype(`<!ENTITY lol0 "lol">\n${laughs}`)}${post("&lol9;")}</disqus>\n`) },
    { name: "external-file.xml", what: "an external entity naming a local file", write: (f) => fsp.writeFile(f, `${doctype(`<!ENTITY secret SYSTEM "file://${options.canaryFile}">`)}${post("&secret;")}</disqus>\n`) },
    { name: "external-url.xml", what: "an external entity and DTD naming a URL", write: (f) => fsp.writeFile(f, `<?xml version="1.0"?>\n<!DOCTYPE disqus SYSTEM "${options.canaryUrl}/dtd" [<!ENTITY remote SYSTEM "${options.canaryUrl}/entity">]>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals"><thread dsq:id="t1"><link>https://news.example/a</link></thread>${post("&remote;")}</disqus>\n`) },
    { name: "parameter-entity.xml", what: "a parameter entity loading a remote DTD (ignored, never fetched)", mayImport: true, write: (f) => fsp.writeFile(f, `${doctype(`<!ENTITY % remote SYSTEM "${options.canaryUrl}/param"> %remote;`)}${post("hello")}</disqus>\n`) },
    { name: "deep.xml", what: "XML nested 200,000 deep", write: (f) => writeStream(f, [DISQUS_HEAD, ...repeat("<x>", 200_000), ...repeat("</x>", 200_000), "</disqus>\n"]) },
    { name: "deep.html", what: "HTML nested 200,000 deep", write: (f) => writeStream(f, ['<!doctype html><ol class="commentlist"><li class="comment">', ...repeat("<div>", 200_000), "</li></ol>"]) },
    { name: "deep.jsonl", what: "JSON nested 200,000 deep", write: (f) => writeStream(f, ['{"sourceId":"c1","thread.key":"t1","postedAt":"2026-11-01T00:00:00Z","body":"x","z":', ...repeat("[", 200_000), ...repeat("]", 200_000), "}\n"]) },
    { name: "deep.json", what: "a Commento export nested 200,000 deep", write: (f) => writeStream(f, ['{"commentHex":1,"comments":', ...repeat("[", 200_000), ...repeat("]", 200_000), ',"commenters":[]}\n']) },
  ];
}
