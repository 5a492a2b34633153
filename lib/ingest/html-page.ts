import * as cheerio from "cheerio";
import { parseDocument } from "htmlparser2";
import { cloneNode, isTag, type AnyNode, type ChildNode, type Element } from "domhandler";
import type { CommentKind, ParsedComment, ParsedFile, SourceStatus } from "./types";
import { ImportRejection } from "./types";
import { parseDisplayedDate, parseIsoInstant } from "./dates";
import { htmlToText } from "./html-text";
import { LIMITS } from "./limits";
import { slug } from "./text-page";

/**
 * Saved HTML pages with a rendered WordPress comment section, whatever the theme:
 * `ol.commentlist` / `.comment-list` of `li.comment` (plus pingbacks and
 * trackbacks), author in `.fn` or `cite`, time in `time[datetime]` or as text,
 * body in `.comment-content` or `.comment-body`. Nesting comes from the `depth-N`
 * classes and document order (some themes close a comment before its replies),
 * DOM nesting only when a theme prints no depth. A page whose comments live in a
 * Disqus iframe holds none, and the import says so.
 */

const ITEM = "li.comment, li.pingback, li.trackback";
const LISTS = "ol.commentlist, ul.commentlist, ol.comment-list, ul.comment-list";
const HEADER = ".comments-title, #comments-title, h2#comments, h3#comments, #comments > h2, #comments > h3";
const META_PARTS = ".comment-author, .comment-meta, .commentmetadata, .comment-metadata, .reply, .children, footer, .comment-awaiting-moderation";

export type HtmlPageOptions = { fileName: string; file: string; fileDate: Date };

type Item = { id: string; depth: number; parent: string | null; line: number; comment: Omit<ParsedComment, "sourceCommentId" | "parentSourceId" | "threadKey"> };

function squash(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * Links WordPress prints on every page of a site, each ending in a file or folder under the
 * site's root: the REST API root (home address), the RSD link and the comment form.
 */
const SITE_LINKS = [
  { selector: 'link[rel="https://api.w.org/"]', attr: "href", tail: /\/(?:wp-json\/?)?$/ },
  { selector: 'link[rel="EditURI"]', attr: "href", tail: /\/xmlrpc\.php$/ },
  { selector: 'form[action*="wp-comments-post.php"]', attr: "action", tail: /\/wp-comments-post\.php$/ },
] as const;

/**
 * The folder a WordPress site lives in on its host ("" at the root, "/blog" for a subsite),
 * from the first site link that names the page's host and a folder the page is inside.
 * Every page of one site prints the same links, so its pages stay one source; a page without
 * them is keyed by its host alone, as before.
 */
function siteFolder($: cheerio.CheerioAPI, page: URL): string {
  for (const { selector, attr, tail } of SITE_LINKS) {
    const link = validUrl($(selector).first().attr(attr));
    if (!link || link.host !== page.host || !tail.test(link.pathname)) continue;
    const folder = link.pathname.replace(tail, "");
    if (!folder || page.pathname.startsWith(`${folder}/`)) return folder;
  }
  return "";
}

/** 1-based lines of character offsets asked for in increasing order (comments in page order). */
function lineCounter(text: string): (index: number) => number {
  let line = 1;
  let counted = 0;
  return (index) => {
    if (index < counted) [line, counted] = [1, 0];
    for (let i = text.indexOf("\n", counted); i >= 0 && i < index; i = text.indexOf("\n", i + 1)) line++;
    counted = index;
    return line;
  };
}

function validUrl(text: string | undefined): URL | null {
  if (!text) return null;
  try {
    const url = new URL(text.trim());
    return url.protocol === "http:" || url.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

/** File names saving tools give any page (wget, servers' default documents): they say nothing of the article. */
const GENERIC_FILE_NAME = /^(index|default|home|main|page)$/i;

export function parseHtmlPage(html: string, options: HtmlPageOptions): ParsedFile {
  if (!html.trim()) throw new ImportRejection(options.file, 1, "the file is empty");
  // htmlparser2 builds the tree, as it does for the depth check (limits.ts): parse5, cheerio's
  // default, re-nests misnested tags HTML5's way, and a 50 KB page of unclosed <b>s inside <p>s
  // grew into gigabytes of elements.
  const $ = cheerio.load(parseDocument(html, { withStartIndices: true }));
  const lineOf = lineCounter(html);
  const notes: string[] = [];
  const url = validUrl($('link[rel="canonical"]').attr("href")) ?? validUrl($('meta[property="og:url"]').attr("content"));
  const siteName = squash($('meta[property="og:site_name"]').attr("content") ?? "");
  // Subsites in folders of one domain number their comments independently: the folder is part of the site.
  const site = url ? `${url.host}${siteFolder($, url)}` : null;
  const baseName = options.fileName.replace(/\.[^.]+$/, "");

  // Titles often end with the site's name; only a separator followed by that name (or by nothing) is cut.
  const stripSite = (title: string, pipeSuffix: boolean) => {
    if (siteName && title.endsWith(siteName)) {
      const cut = title.slice(0, -siteName.length).replace(/\s*[|–—-]\s*$/, "");
      if (cut) return cut;
    }
    const bare = title.replace(/\s*\|\s*$/, "");
    return pipeSuffix && bare.includes(" | ") ? bare.slice(0, bare.lastIndexOf(" | ")) : bare;
  };
  const title =
    squash($("h1.entry-title").first().text()) ||
    stripSite(squash($('meta[property="og:title"]').attr("content") ?? ""), false) ||
    stripSite(squash($("title").first().text()), true) ||
    baseName;
  // Without an address a page is known by its file name; one that names no article (wget's
  // "index.html") adds the headline, so two articles saved under it are two threads, not one whose
  // comments overwrite each other. Other names keep the key earlier imports gave the page.
  const headline = GENERIC_FILE_NAME.test(baseName.replace(/^.*[\\/]/, "")) && title !== baseName ? slug(title) : "";
  const threadKey = url ? url.toString() : `page:${baseName}${headline ? `:${headline}` : ""}`;

  let items = $(LISTS).find(ITEM).toArray();
  if (!items.length) items = $(ITEM).toArray();
  const parsed: Item[] = [];
  const lastAtDepth: string[] = [];
  let brokenDepth = 0;
  let zoneless = 0;
  items.forEach((li, index) => {
    const $li = $(li);
    const own = ownParts($, li);
    const idSource = $li.attr("id") ?? own("[id^=comment-], [id^=div-comment-]").first().attr("id") ?? "";
    const id = idSource.match(/comment-(\d+)$/)?.[1] ?? `n${index + 1}`;
    const classes = ($li.attr("class") ?? "").split(/\s+/);
    const depthClass = classes.map((c) => c.match(/^depth-(\d+)$/)?.[1]).find(Boolean);
    // A theme's depth-N class, unless it claims more levels than a page can nest.
    const claimed = depthClass ? Number(depthClass) : Number.NaN;
    const depth = claimed >= 1 && claimed <= LIMITS.htmlDepth ? claimed : $li.parents(ITEM).length + 1;
    const kind: CommentKind = classes.includes("pingback") ? "pingback" : classes.includes("trackback") ? "trackback" : "comment";

    let parent: string | null = null;
    if (depth > 1) {
      parent = lastAtDepth[depth - 2] ?? null;
      if (!parent) brokenDepth++;
    }
    lastAtDepth[depth - 1] = id;
    lastAtDepth.length = depth;

    const login = classes.map((c) => c.match(/^comment-author-(.+)$/)?.[1]).find(Boolean);
    let authorName: string;
    let bodyHtml: string;
    if (kind === "comment") {
      // In priority order: a <cite> may wrap the name together with a badge ("Autor").
      const names = [".comment-author .fn", ".fn", ".comment-author cite", "cite"].map((sel) => own(sel).first());
      authorName = squash(names.find((n) => n.length)?.text() ?? "");
      const content = own(".comment-content").first();
      const container = content.length ? content : own(".comment-body").first();
      const body = $(container.length ? [cloneOwn(container[0]!)] : []);
      body.find(META_PARTS).remove();
      bodyHtml = (body.html() ?? "").trim();
    } else {
      const link = own("a").first();
      authorName = squash(link.text());
      const body = $(cloneOwn(li));
      body.find(".children, .reply, .edit-link").remove();
      bodyHtml = (body.html() ?? "").trim();
    }
    const timeEl = own("time[datetime]").first();
    let postedAt = parseIsoInstant(timeEl.attr("datetime") ?? "");
    let estimated = false;
    if (!postedAt) {
      estimated = true;
      const shown = own(".comment-metadata a, .commentmetadata a, .comment-meta a, time").first().text();
      postedAt = parseDisplayedDate(shown);
      if (postedAt) zoneless++;
    }
    const status: SourceStatus = own(".comment-awaiting-moderation").length ? "pending" : "visible";
    parsed.push({
      id,
      depth,
      parent,
      line: lineOf(li.startIndex ?? 0),
      comment: {
        authorKey: login ? `user:${login}` : authorName.toLowerCase(),
        authorName: authorName || "Anonymous",
        body: kind === "comment" ? htmlToText(bodyHtml) : htmlToText(bodyHtml).replace(/^(pingback|trackback)\s*:\s*/i, ""),
        bodyHtml: bodyHtml || null,
        // No readable time: filled from a neighbour below.
        postedAt: postedAt ?? new Date(Number.NaN),
        postedAtEstimated: estimated,
        sourceStatus: status,
        kind,
      },
    });
  });

  // Comments the page shows without a readable time take their neighbour's (comment lists are
  // chronological): the one before, or for leading ones the first dated comment.
  let undated = 0;
  const dated = (o: Item) => !Number.isNaN(o.comment.postedAt.getTime());
  let previous = parsed.find(dated)?.comment.postedAt ?? options.fileDate;
  for (const item of parsed) {
    if (!dated(item)) {
      undated++;
      item.comment.postedAt = previous;
    }
    previous = item.comment.postedAt;
  }

  const headerText = squash($(HEADER).first().text());
  const announced = Number(headerText.match(/\d[\d.,]*/)?.[0]?.replace(/[.,]/g, ""));
  if (parsed.length && Number.isFinite(announced) && announced !== parsed.length) {
    notes.push(
      announced > parsed.length
        ? `the header announces ${announced} comments; the page shows ${parsed.length} (the rest are on other comment pages)`
        : `the header announces ${announced} comments; the page shows ${parsed.length}`,
    );
  }
  if (!parsed.length) {
    notes.push(
      $("#disqus_thread").length
        ? "this page shows comments through Disqus, which loads them in a frame that a saved page does not contain: import the site's Disqus XML export instead"
        : "no comment section on this page",
    );
  }
  if (undated) notes.push(`${undated} comments show no time: they were given their neighbour's (marked estimated)`);
  if (zoneless) notes.push(`${zoneless} comment times are printed without a time zone: read as UTC (marked estimated)`);
  if (brokenDepth) notes.push(`${brokenDepth} replies have no comment one level up before them: kept top level`);

  // A site's comment numbers are unique across its pages; the page's own count of comments
  // without one (n1, n2…) is not, so it is kept within the page's thread.
  const sid = (id: string) => (site && /^\d+$/.test(id) ? id : `${threadKey}#${id}`);
  return {
    format: "html",
    source: site
      ? { key: `html:${site}`, name: siteName || site, platform: "wordpress-html" }
      : { key: "saved-html", name: "Saved HTML pages", platform: "wordpress-html" },
    threads: [{ key: threadKey, title, url: url ? url.toString() : null }],
    comments: parsed.map((item) => ({
      ...item.comment,
      line: item.line,
      sourceCommentId: sid(item.id),
      parentSourceId: item.parent ? sid(item.parent) : null,
      threadKey,
    })),
    orphans: [],
    notes,
  };
}

/** A comment, pingback or trackback item (ITEM) of a comment list. */
function isItem(node: AnyNode): boolean {
  return isTag(node) && node.name === "li" && /(?:^|\s)(?:comment|pingback|trackback)(?:\s|$)/.test(node.attribs.class ?? "");
}

/**
 * Finds the parts of item `li` that are its own, not its replies': its elements are listed once
 * (searching its whole subtree, replies included, for each part took time in depth × page size,
 * minutes for a deep thread on a large page), then filtered by each selector asked for.
 */
function ownParts($: cheerio.CheerioAPI, li: Element): (selector: string) => cheerio.Cheerio<Element> {
  const mine = $(ownElements(li));
  return (selector) => {
    const alternatives = selector.split(",").map((part) => part.trim().split(/\s+/));
    return mine.filter((_, el) => alternatives.some((parts) => matchesWithin($, el, li, parts)));
  };
}

/** The elements inside `li` that are its own, not those of the replies nested in it, in document order. */
function ownElements(li: Element): Element[] {
  const out: Element[] = [];
  const stack: ChildNode[] = [...li.children].reverse();
  while (stack.length) {
    const node = stack.pop()!;
    if (!isTag(node) || isItem(node)) continue;
    out.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return out;
}

/**
 * Whether `el` matches a descendant selector ("a", ".comment-author .fn") with every part inside
 * `li`, as `$(li).find(selector)` has it: a part matched by an element around the list would not count.
 */
function matchesWithin($: cheerio.CheerioAPI, el: Element, li: Element, parts: string[]): boolean {
  if (!$(el).is(parts[parts.length - 1]!)) return false;
  let k = parts.length - 2;
  for (let node = el.parent; k >= 0 && node && node !== li; node = node.parent) {
    if (isTag(node) && $(node).is(parts[k]!)) k--;
  }
  return k < 0;
}

/** A copy of `el` without the items nested in it: copying them too cost each item its replies' size. */
function cloneOwn(el: Element): Element {
  const copy = cloneNode(el, false);
  const children = el.children.filter((child) => !isItem(child)).map((child) => (isTag(child) ? cloneOwn(child) : cloneNode(child, true)));
  children.forEach((child, i) => {
    child.parent = copy;
    child.prev = children[i - 1] ?? null;
    child.next = children[i + 1] ?? null;
  });
  copy.children = children;
  return copy;
}
