import { createHash } from "node:crypto";
import type { PageComment, ParsedFile } from "./types";
import { ImportRejection } from "./types";
import { inferReplies } from "./reply-inference";

/**
 * Saved text pages (article text followed, sometimes, by a comment section):
 *  - Disqus threads: `  • Author` then a body indented by four spaces (possibly empty);
 *  - WordPress lists: a "N responses to …" header, then `  1. Author` items with
 *    indented bodies — the author line can be missing (the body starts on the
 *    numbered line) and the header count can differ from what is shown.
 * Article bullets, quotations, numbered lists and polls are not comments: a
 * bullet is a comment only when shaped like one (short name, indented body), and
 * numbered items only after a comment-count header.
 */

type Line = { text: string; number: number };
type RawComment = { author: string | null; body: string; line: number };

const BULLET = /^ {1,3}• (.*\S)\s*$/;
const ITEM = /^ {1,3}(\d{1,4})\. (.*\S)\s*$/;
const COUNT_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|\\d+";
const HEADER = new RegExp(
  `^\\s*(?:${COUNT_WORDS})\\s+(?:responses?|comments?|thoughts?|replies|reactions?|antworten|gedanken|kommentare|réponses|commentaires|respuestas|comentarios)\\b`,
  "i",
);
const CHROME_TITLE = /^(rate this article|share this article|\(?\d*\s*(no )?votes?\)?|recent features|advertisement)$/i;
const MAX_AUTHOR = 80;

function indentOf(s: string): number {
  return s.length - s.trimStart().length;
}

function nextNonBlank(lines: Line[], from: number): Line | undefined {
  for (let i = from; i < lines.length; i++) if (lines[i]!.text.trim()) return lines[i];
  return undefined;
}

/** Joins indented body lines: blank lines separate paragraphs. */
function joinBody(bodyLines: string[]): string {
  const paragraphs: string[][] = [[]];
  for (const raw of bodyLines) {
    const text = raw.replace(/^ {4}/, "").trimEnd();
    if (!text.trim()) {
      if (paragraphs[paragraphs.length - 1]!.length) paragraphs.push([]);
    } else paragraphs[paragraphs.length - 1]!.push(text);
  }
  return paragraphs
    .filter((p) => p.length)
    .map((p) => p.join("\n"))
    .join("\n\n");
}

function disqusComments(lines: Line[]): RawComment[] {
  const comments: RawComment[] = [];
  let current: { author: string; line: number; body: string[] } | null = null;
  const flush = () => {
    if (current) comments.push({ author: current.author, body: joinBody(current.body), line: current.line });
    current = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const { text, number } = lines[i]!;
    const bullet = text.match(BULLET);
    if (bullet && bullet[1]!.length <= MAX_AUTHOR) {
      const next = nextNonBlank(lines, i + 1);
      if (!next || indentOf(next.text) >= 4 || BULLET.test(next.text)) {
        flush();
        current = { author: bullet[1]!.trim(), line: number, body: [] };
        continue;
      }
    }
    if (!current) continue;
    if (!text.trim() || indentOf(text) >= 4) (current as { body: string[] }).body.push(text);
    else flush(); // unindented text ends the comment section (footer chrome)
  }
  flush();
  return comments;
}

/** A numbered line is an author line when short, not sentence-like, and followed by an indented body. */
function looksLikeAuthor(rest: string, next: Line | undefined): boolean {
  if (rest.length > MAX_AUTHOR || /[.:!?…]["”’)]?$/.test(rest) && !/\b(?:jr|sr|ph\.d|m\.d)\.$/i.test(rest)) return false;
  if (rest.split(/\s+/).length > 10) return false;
  return !!next && indentOf(next.text) >= 4 && !ITEM.test(next.text);
}

/** Lines at the margin a header may be followed by before item 1: its title wrapped, "« Older Comments". */
const BETWEEN_HEADER_AND_FIRST = 4;

/**
 * A comment-count header as WordPress prints it: at the margin (comment bodies are indented
 * four spaces, so "Two comments on this." inside one is not a header), and the first numbered
 * item after it is item 1, past a few lines at the margin (a wrapped title, pagination links).
 */
function isHeader(lines: Line[], at: number): boolean {
  const { text } = lines[at]!;
  if (indentOf(text) >= 4 || !HEADER.test(text)) return false;
  let between = 0;
  for (let i = at + 1; i < lines.length; i++) {
    const line = lines[i]!.text;
    if (!line.trim()) continue;
    const item = line.match(ITEM);
    if (item) return item[1] === "1";
    // A comment body, or more than a header's own lines: not a header.
    if (indentOf(line) >= 4 || ++between > BETWEEN_HEADER_AND_FIRST) return false;
  }
  return false;
}

function wordpressComments(lines: Line[]): { comments: RawComment[]; headerCount: number | null } {
  // The last header wins: an article sentence like "Three responses stood out:" before a
  // numbered list comes before the real comment section.
  let start = -1;
  for (let i = 0; i < lines.length; i++) if (isHeader(lines, i)) start = i;
  if (start < 0) return { comments: [], headerCount: null };
  const headerCount = Number.parseInt(lines[start]!.text.trim(), 10);
  const comments: RawComment[] = [];
  let current: { author: string | null; line: number; body: string[] } | null = null;
  let expected = 1;
  const flush = () => {
    if (current) comments.push({ author: current.author, body: joinBody(current.body), line: current.line });
    current = null;
  };
  for (let i = start + 1; i < lines.length; i++) {
    const { text, number } = lines[i]!;
    const item = text.match(ITEM);
    if (item && Number(item[1]) === expected) {
      flush();
      expected++;
      const rest = item[2]!.trim();
      const next = nextNonBlank(lines, i + 1);
      current = looksLikeAuthor(rest, next)
        ? { author: rest, line: number, body: [] }
        : { author: null, line: number, body: [`    ${rest}`] };
      continue;
    }
    if (!text.trim()) {
      current?.body.push(text);
      continue;
    }
    if (current && indentOf(text) >= 4) current.body.push(text);
    else if (comments.length || current) break; // footer ("Leave a Reply") ends the list
  }
  flush();
  return { comments, headerCount: Number.isNaN(headerCount) ? null : headerCount };
}

export function slug(text: string): string {
  return (
    text
      .normalize("NFKD")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 120)
      // A cut through a surrogate pair leaves half a character, which is not text; the database
      // always stored it as U+FFFD, so that is what keeps the key of an earlier import.
      .replace(/[\uD800-\uDBFF]$/, "\uFFFD")
  );
}

/**
 * The key of a page whose headline and file name hold no letter or digit ("🙂.txt", "_.txt"):
 * a short hash of the name, or of the text for a file with no name, so that such pages never
 * share the key "page:" and overwrite each other's comments.
 */
function fallbackKey(baseName: string, text: string): string {
  const hash = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 12);
  return baseName ? `name-${hash(baseName)}` : `text-${hash(text)}`;
}

/** The headline: the first line, or the first headline-like line before the article body starts. */
function findTitle(lines: Line[]): string | null {
  const candidates = lines.map((l) => l.text.trim()).filter(Boolean);
  const first = candidates[0];
  if (first && !CHROME_TITLE.test(first) && first.length <= 200) return first;
  for (const text of candidates) {
    if (text.length > 200) break; // the article body has begun: captions further down are not headlines
    if (!CHROME_TITLE.test(text) && text.split(/\s+/).length >= 4 && !/[.:]$/.test(text)) return text;
  }
  return null;
}

export type TextPageOptions = { fileName: string; fileDate: Date; sourceKey?: string };

export function parseTextPage(text: string, options: TextPageOptions): ParsedFile {
  const clean = text.replace(/^\uFEFF/, "");
  const nul = clean.indexOf("\u0000");
  if (nul >= 0) {
    const line = clean.slice(0, nul).split("\n").length;
    throw new ImportRejection(options.fileName, line, "this is a binary file, not a saved text page");
  }
  const lines: Line[] = clean.split(/\r\n|\n|\r/).map((t, i) => ({ text: t, number: i + 1 }));
  if (!lines.some((l) => l.text.trim())) {
    throw new ImportRejection(options.fileName, 1, "the file is empty");
  }
  const notes: string[] = [];
  const baseName = options.fileName.replace(/^.*[\\/]/, "").replace(/\.[^.]+$/, "");
  const foundTitle = findTitle(lines);
  if (!foundTitle) notes.push("no headline found: the thread is titled by its file name");
  // Titles are labels: collapse layout whitespace (non-breaking spaces, tabs). Bodies stay exact.
  const title = (foundTitle ?? baseName).replace(/\s+/gu, " ");
  const threadKey = `page:${slug(title) || slug(baseName) || fallbackKey(baseName, clean)}`;

  let platform = "disqus";
  let raw = disqusComments(lines);
  if (raw.length === 0) {
    const wp = wordpressComments(lines);
    raw = wp.comments;
    platform = raw.length ? "wordpress" : "none";
    if (wp.headerCount !== null && wp.headerCount !== raw.length) {
      notes.push(`the header announces ${wp.headerCount} comments; the page shows ${raw.length}`);
    }
  }
  if (raw.length === 0) notes.push("no comment section on this page");

  const parents = inferReplies(raw);
  // Saved pages carry no times: spread comments one second apart before the file's
  // date so their order survives, and mark the times as estimated.
  const base = options.fileDate.getTime() - raw.length * 1000;
  const comments: PageComment[] = raw.map((c, i) => {
    const parent = parents[i];
    return {
      sourceCommentId: `${threadKey}#${i + 1}`,
      threadKey,
      parentSourceId: parent === null || parent === undefined ? null : `${threadKey}#${parent + 1}`,
      parentInferred: parent !== null && parent !== undefined,
      authorKey: c.author ? c.author.toLowerCase() : "",
      authorName: c.author ?? "Unknown",
      body: c.body,
      postedAt: new Date(base + i * 1000),
      postedAtEstimated: true,
      sourceStatus: "visible",
      kind: "comment",
      line: c.line,
    };
  });

  const sourceKey = options.sourceKey ?? (platform === "none" ? "saved-pages" : `saved-pages-${platform}`);
  const sourceNames: Record<string, string> = {
    disqus: "Saved pages (Disqus threads)",
    wordpress: "Saved pages (WordPress comments)",
    none: "Saved pages",
  };
  return {
    format: "text",
    source: { key: sourceKey, name: options.sourceKey ?? sourceNames[platform]!, platform: `text-${platform}` },
    threads: [{ key: threadKey, title }],
    comments,
    orphans: [],
    notes,
  };
}
