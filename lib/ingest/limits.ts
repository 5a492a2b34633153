import { Parser } from "htmlparser2";
import type { ParseEvent, ParsedComment, ParsedThread } from "./types";
import { ImportRejection } from "./types";

/**
 * Bounds on what one file may ask of the importer, so a hostile or broken file
 * costs time and memory in proportion to its size and is rejected with a plain
 * reason instead. Real exports stay far below each bound (README "Importing" and "Security and reliability").
 */
export const LIMITS = {
  /** Text or HTML of one comment, an author's name, a thread's title, a source's name. */
  textChars: 1_000_000,
  /** Ids, keys, e-mail and IP addresses, thread addresses: they are indexed, and an index entry must stay small. */
  keyBytes: 2_000,
  /** One CSV row, one JSON line, one XML token (text, CDATA section, tag with its attributes, comment, doctype). */
  recordChars: 4_000_000,
  /** Elements nested in an XML export (Disqus and WordPress nest at most 6 deep). */
  xmlDepth: 100,
  /** Elements nested in a saved HTML page (real pages stay below 60). */
  htmlDepth: 500,
  /**
   * Elements in a saved HTML page. Its tree costs about 500 bytes an element, and an import runs in a
   * 256 MB heap: a 16 MB page of empty tags held 1.4 GB. A page of 1,000 comments has about 40,000.
   */
  htmlElements: 200_000,
  /** Comments of one WordPress post held in memory when the file names the post's id only after them. */
  heldComments: 10_000,
  /** ...and characters of their text, so a few huge comments cannot fill the heap instead. */
  heldChars: 64 * 1024 * 1024,
  /** Objects nested in a JSON record (the import schema nests 2 deep). */
  jsonDepth: 20,
  /**
   * Formats read whole are small by nature; a saved page is built into a tree (HTML) or
   * searched for replies (text), which costs several times its size.
   */
  savedPageChars: 16 * 1024 * 1024,
  wholeExportChars: 64 * 1024 * 1024,
  /** A gzipped file may unpack to this many times its own size... */
  gunzipRatio: 100,
  /** ...or to this many bytes, whichever is more (small files of repeated rows pack tightly). */
  gunzipFloorBytes: 64 * 1024 * 1024,
} as const;

const number = (n: number) => n.toLocaleString("en-US");

/** 1-based line of a character index. */
function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < index; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/** The line of a NUL character in decoded text, if any: Postgres text cannot hold one, and text files have none. */
export function nulLine(text: string, lineBefore: number): number | null {
  const at = text.indexOf("\u0000");
  if (at < 0) return null;
  return lineBefore + lineAt(text, at) - 1;
}

/** Half of a surrogate pair: a JSON string may hold one (`"\ud800"`), but it is no character; the database would store U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What no text may hold, whatever its length. */
function checkCharacters(value: string, what: string, file: string, line: number): void {
  if (value.includes("\u0000")) throw new ImportRejection(file, line, `${what} holds a NUL character (\\u0000), which is not text`);
  if (LONE_SURROGATE.test(value)) {
    throw new ImportRejection(file, line, `${what} holds half of a surrogate pair (an unpaired \\ud800–\\udfff escape), which is not text`);
  }
}

function checkText(value: string | null | undefined, what: string, file: string, line: number): void {
  if (!value) return;
  if (value.length > LIMITS.textChars) {
    throw new ImportRejection(file, line, `${what} is ${number(value.length)} characters long; the importer takes at most ${number(LIMITS.textChars)}`);
  }
  checkCharacters(value, what, file, line);
}

function checkKey(value: string | null | undefined, what: string, file: string, line: number): void {
  if (!value) return;
  if (value.length > LIMITS.keyBytes || Buffer.byteLength(value) > LIMITS.keyBytes) {
    throw new ImportRejection(file, line, `${what} is longer than ${number(LIMITS.keyBytes)} bytes; ids, keys and addresses must be shorter`);
  }
  checkCharacters(value, what, file, line);
}

function checkComment(c: ParsedComment, file: string, line: number): void {
  checkKey(c.sourceCommentId, "a comment's id", file, line);
  const who = `comment ${c.sourceCommentId}:`;
  checkKey(c.threadKey, `${who} its thread's key`, file, line);
  checkKey(c.parentSourceId, `${who} its parent's id`, file, line);
  // The name before the key made of it: a character the name cannot hold is named as the name's.
  checkText(c.authorName, `${who} the author's name`, file, line);
  checkKey(c.authorKey, `${who} its author's key (name and e-mail for guests)`, file, line);
  checkKey(c.authorEmail, `${who} its author's e-mail address`, file, line);
  checkKey(c.authorIp, `${who} its author's IP address`, file, line);
  checkText(c.body, `${who} the text`, file, line);
  checkText(c.bodyHtml, `${who} the HTML`, file, line);
}

function checkThread(t: ParsedThread, file: string, line: number): void {
  checkKey(t.key, "a thread's key", file, line);
  checkKey(t.url, `thread ${t.key}: its address`, file, line);
  checkText(t.title, `thread ${t.key}: the title`, file, line);
}

/**
 * Passes a parser's events on after checking every value against the limits,
 * before anything reaches the database (where an over-long key or a NUL would
 * fail without naming the line).
 */
export async function* checkEvents(events: AsyncIterable<ParseEvent>, file: string): AsyncGenerator<ParseEvent> {
  let line = 1;
  for await (const event of events) {
    if (event.type === "comment") {
      line = event.line;
      checkKey(event.sourceKey, "a source key", file, line);
      checkComment(event.comment, file, line);
    } else if (event.type === "thread") {
      line = event.line ?? line;
      checkKey(event.sourceKey, "a source key", file, line);
      checkThread(event.thread, file, line);
    } else if (event.type === "source") {
      checkKey(event.source.key, "the source key", file, event.lines?.key ?? line);
      checkText(event.source.name, "the source's name", file, event.lines?.name ?? line);
    }
    yield event;
  }
}

/** Rejects JSON nested deeper than the import schema could ever need (deep nesting costs stack). */
export function checkJsonDepth(value: unknown, file: string, line: number, depth = 0): void {
  if (!value || typeof value !== "object") return;
  if (depth >= LIMITS.jsonDepth) throw new ImportRejection(file, line, `the record nests objects or lists more than ${LIMITS.jsonDepth} levels deep`);
  for (const v of Object.values(value)) checkJsonDepth(v, file, line, depth + 1);
}

export const limitMessages = {
  record: (what: string) => `${what} is longer than ${number(LIMITS.recordChars)} characters; the importer takes at most that much in one piece`,
  xmlDepth: () => `elements are nested more than ${LIMITS.xmlDepth} levels deep; comment exports nest a few levels`,
  htmlDepth: () => `elements are nested more than ${LIMITS.htmlDepth} levels deep; saved pages nest far less`,
  htmlElements: () => `the page has more than ${number(LIMITS.htmlElements)} elements; a saved page of 1,000 comments has about 40,000`,
  gunzip: (limit: number) =>
    `the gzip data unpacks to more than ${number(Math.round(limit / 1024 / 1024))} MB (${LIMITS.gunzipRatio} times the file's size): a gzip bomb or not an export`,
  nul: (encoding: string) => `the file holds a NUL character (a zero byte): it is binary, or not ${encoding} text`,
};

/** Rejects a saved text page with a line longer than a whole comment may be (it would be one comment). */
export function checkLineLengths(text: string, file: string): void {
  let start = 0;
  while (start <= text.length) {
    const end = text.indexOf("\n", start);
    const stop = end < 0 ? text.length : end;
    if (stop - start > LIMITS.textChars) {
      throw new ImportRejection(file, lineAt(text, start), `this line is ${number(stop - start)} characters long; the importer takes at most ${number(LIMITS.textChars)} for one comment`);
    }
    if (end < 0) break;
    start = end + 1;
  }
}

/**
 * Rejects HTML nested deeper than any real page, or with more elements, measured with
 * htmlparser2's tokenizer before the page is built into a tree (building a tree thousands of
 * levels deep takes minutes and then overflows the stack; millions of elements fill the heap).
 */
export function checkHtmlTree(html: string, file: string): void {
  let depth = 0;
  let elements = 0;
  let tooDeep = -1;
  let tooMany = -1;
  const parser = new Parser({
    onopentag() {
      if (++elements > LIMITS.htmlElements && tooMany < 0) {
        tooMany = parser.startIndex;
        parser.pause();
      }
      if (++depth > LIMITS.htmlDepth && tooDeep < 0) {
        tooDeep = parser.startIndex;
        parser.pause();
      }
    },
    onclosetag() {
      depth--;
    },
  });
  parser.end(html);
  if (tooDeep >= 0) throw new ImportRejection(file, lineAt(html, tooDeep), limitMessages.htmlDepth());
  if (tooMany >= 0) throw new ImportRejection(file, lineAt(html, tooMany), limitMessages.htmlElements());
}
