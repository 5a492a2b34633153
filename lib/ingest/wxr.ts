import type { TextInput } from "./read-file";
import type { CommentKind, ParseEvent, ParsedComment, SourceStatus } from "./types";
import { ImportRejection } from "./types";
import { parseIsoInstant, parseRfc822, parseUtcDateTime } from "./dates";
import { htmlToText } from "./html-text";
import { httpUrl, siteAddress } from "./canonical-url";
import { attributeChars, readXml, value, type XmlNode } from "./xml-reader";
import { LIMITS } from "./limits";

const WP_NAMESPACE = /^https?:\/\/wordpress\.org\/export\/(1\.\d+)\/?$/;

const STATUSES: Record<string, SourceStatus> = {
  "1": "visible", approve: "visible", approved: "visible", "": "visible",
  "0": "pending", hold: "pending", unapproved: "pending",
  spam: "spam",
  trash: "deleted", "post-trashed": "deleted",
};
const KINDS: Record<string, CommentKind> = { pingback: "pingback", trackback: "trackback", pings: "pingback" };

/** An open <item>: comments are held only until its post id is known. */
type Item = { fields: Map<string, string>; comments: XmlNode[]; heldChars: number; streamed: number; line: number };

/** Characters of text and attributes in a captured element: what holding it costs. */
function textChars(node: XmlNode): number {
  let chars = attributeChars(node.attrs);
  for (const part of node.parts) chars += part.text.length;
  for (const c of node.children) chars += textChars(c);
  return chars;
}

function host(url: string): string | null {
  try {
    return new URL(url).host.toLowerCase() || null;
  } catch {
    return null;
  }
}

/**
 * WordPress WXR 1.0–1.2 (http or https namespace): one thread per post that has
 * comments, `comment_parent` threading at any depth, `comment_approved` kept as
 * the source's verdict, pingbacks and trackbacks typed. Comment ids are keyed by
 * post + comment id (they repeat across posts in some exports). Times come from
 * `comment_date_gmt`; the site-local `comment_date` is a fallback, marked estimated.
 */
export async function* parseWxr(input: TextInput): AsyncGenerator<ParseEvent> {
  const file = input.file;
  let events: ParseEvent[] = [];
  let wp = "wp";
  let version: string | null = null;
  let channelDepth = -1;
  const channel = new Map<string, string>();
  /** The line of each channel field, for an error about the source they name. */
  const channelLines = new Map<string, number>();
  let item: Item | null = null;
  let firstLink = "";
  const counts = { localTimes: 0, postTimes: 0, fileTimes: 0, unknownStatus: new Set<string>() };

  const q = (name: string) => `${wp}:${name}`;

  const toComment = (node: XmlNode, threadKey: string, postDate: Date | null): ParsedComment => {
    const get = (name: string) => {
      const el = node.children.find((c) => c.name === q(name));
      return { el, text: value(el) };
    };
    const id = get("comment_id").text.trim();
    if (!id) throw new ImportRejection(file, node.line, "a <wp:comment> has no <wp:comment_id>: it cannot be keyed");
    // Only an empty date or WordPress's zero date means none: another that does not read is an
    // error in the file, and taking the next date instead would store a wrong time silently.
    const date = (name: string): Date | null => {
      const { el, text } = get(name);
      const written = text.trim();
      // WordPress's zero date comes with or without its time ("0000-00-00", "0000-00-00 00:00:00").
      if (!written || written.startsWith("0000-00-00")) return null;
      // Its own form, seconds with a fraction included; other exporters write ISO 8601 with a zone.
      const parsed = parseUtcDateTime(written.replace(/^(\S+[ T]\d{2}:\d{2}:\d{2})\.\d+$/, "$1")) ?? parseIsoInstant(written);
      if (!parsed) throw new ImportRejection(file, el!.line, `comment ${id}: "${written}" in <${q(name)}> is not a date (WordPress writes YYYY-MM-DD HH:MM:SS)`);
      return parsed;
    };
    let postedAt = date("comment_date_gmt");
    let estimated = false;
    if (!postedAt) {
      estimated = true;
      postedAt = date("comment_date");
      if (postedAt) counts.localTimes++;
      else if ((postedAt = postDate)) counts.postTimes++;
      else {
        postedAt = input.mtime;
        counts.fileTimes++;
      }
    }
    const approved = get("comment_approved").text.trim().toLowerCase();
    let status = STATUSES[approved];
    if (!status) {
      counts.unknownStatus.add(approved);
      status = "pending";
    }
    const type = get("comment_type").text.trim().toLowerCase();
    const parent = get("comment_parent").text.trim();
    const userId = get("comment_user_id").text.trim();
    // WordPress stores author names HTML-escaped (pingback titles carry &laquo; and &#039;).
    const name = htmlToText(get("comment_author").text);
    const email = get("comment_author_email").text.trim().toLowerCase();
    const html = get("comment_content").text;
    return {
      sourceCommentId: `${threadKey}:${id}`,
      threadKey,
      parentSourceId: parent && parent !== "0" ? `${threadKey}:${parent}` : null,
      authorKey: userId && userId !== "0" ? `user:${userId}` : name || email ? `guest:${name.toLowerCase()}${email ? `<${email}>` : ""}` : "",
      authorName: name || "Anonymous",
      authorEmail: email || null,
      authorIp: get("comment_author_IP").text.trim() || null,
      body: htmlToText(html, "wordpress"),
      bodyHtml: html.trim() || null,
      postedAt,
      postedAtEstimated: estimated,
      sourceStatus: status,
      kind: KINDS[type] ?? "comment",
    };
  };

  const postDate = (f: Map<string, string>) => parseUtcDateTime(f.get(q("post_date_gmt")) ?? "") ?? parseRfc822(f.get("pubDate") ?? "");

  // WordPress writes <wp:post_id> before the comments, so they go on one by one and a post
  // with any number of comments streams; only a file in another order has them held.
  const addComment = (open: Item, node: XmlNode) => {
    const postId = open.fields.get(q("post_id"));
    if (postId && !open.comments.length) {
      open.streamed++;
      events.push({ type: "comment", comment: toComment(node, postId, postDate(open.fields)), line: node.line });
      return;
    }
    if (open.comments.length >= LIMITS.heldComments) {
      throw new ImportRejection(file, open.line, `this <item> holds more than ${LIMITS.heldComments.toLocaleString("en-US")} comments before its <wp:post_id>; WordPress writes the post id first`);
    }
    // A few huge comments cost as much memory as many small ones.
    if ((open.heldChars += textChars(node)) > LIMITS.heldChars) {
      const mb = Math.round(LIMITS.heldChars / 1024 / 1024);
      throw new ImportRejection(file, open.line, `this <item> holds more than ${mb} MB of comments before its <wp:post_id>; WordPress writes the post id first`);
    }
    open.comments.push(node);
  };

  const closeItem = (done: Item) => {
    if (!done.comments.length && !done.streamed) return;
    const f = done.fields;
    const link = f.get("link") ?? "";
    firstLink ||= link;
    const key = f.get(q("post_id")) || link || f.get("guid") || f.get("title");
    if (!key) throw new ImportRejection(file, done.line, "an <item> with comments has no post id, link, guid or title: its thread cannot be keyed");
    const publishedAt = postDate(f);
    events.push({
      type: "thread",
      line: done.line,
      thread: {
        key,
        title: htmlToText(f.get("title") ?? "") || link || `WordPress post ${key}`,
        url: httpUrl(link),
        publishedAt,
      },
    });
    for (const node of done.comments) events.push({ type: "comment", comment: toComment(node, key, publishedAt), line: node.line });
  };

  const records = readXml(
    input.chunks(),
    file,
    {
      capture: (path) => channelDepth >= 0 && path.length === channelDepth + (path[channelDepth + 1] === "item" ? 3 : 2),
      onOpen: (path, attrs, line) => {
        if (path.length === 1) {
          for (const [name, uri] of Object.entries(attrs)) {
            const m = name.startsWith("xmlns:") ? uri.trim().match(WP_NAMESPACE) : null;
            if (m) [wp, version] = [name.slice(6), m[1]!];
          }
          if (path[0] === "channel") channelDepth = 0;
          else if (path[0] !== "rss") throw new ImportRejection(file, line, `the root element is <${path[0]}>, not <rss>: this is not a WordPress export`);
        } else if (path.length === 2 && channelDepth < 0) {
          if (path[1] !== "channel") throw new ImportRejection(file, line, `<rss> holds <${path[1]}> where a WordPress export has <channel>`);
          channelDepth = 1;
        } else if (path.length === channelDepth + 2 && path[channelDepth + 1] === "item") {
          item = { fields: new Map(), comments: [], heldChars: 0, streamed: 0, line };
        }
      },
      onClose: (path) => {
        if (path.length === channelDepth + 2 && path[channelDepth + 1] === "item" && item) {
          closeItem(item);
          item = null;
        }
      },
      onCaptured: (node, path) => {
        if (path[channelDepth + 1] !== "item") {
          channel.set(node.name, value(node).trim());
          channelLines.set(node.name, node.line);
        }
        else if (node.name === q("comment")) addComment(item!, node);
        else item!.fields.set(node.name, value(node).trim());
      },
    },
    () => {
      const out = events;
      events = [];
      return out;
    },
  );
  yield* records;

  const declared = channel.get(q("wxr_version"));
  if (!declared) events.push({ type: "note", message: `no <wp:wxr_version>: read as WXR ${version ?? "1.x"} by its namespace` });
  else if (!/^1\.[0-2]$/.test(declared)) events.push({ type: "note", message: `<wp:wxr_version> says "${declared}"; read as WXR ${version ?? "1.x"}` });
  if (counts.localTimes) events.push({ type: "note", message: `${counts.localTimes} comments have no comment_date_gmt: their site-local time was read as UTC (marked estimated)` });
  if (counts.postTimes) events.push({ type: "note", message: `${counts.postTimes} comments have no date: they were given their post's date (marked estimated)` });
  if (counts.fileTimes) events.push({ type: "note", message: `${counts.fileTimes} comments have no date: they were given the file's date (marked estimated)` });
  if (counts.unknownStatus.size) {
    events.push({ type: "note", message: `unknown comment_approved values (${[...counts.unknownStatus].map((s) => `"${s}"`).join(", ")}) were read as pending` });
  }
  // The blog's own address first: every WordPress.com export (and a multisite subsite's) names
  // the network in base_site_url, and blogs keyed by it would overwrite each other's comments.
  // An item's link says only the host: its path is the post's.
  const siteField = [q("base_blog_url"), q("base_site_url"), "link"].find((name) => siteAddress(channel.get(name)));
  const site = siteField ? siteAddress(channel.get(siteField)) : host(firstLink);
  const name = channel.get("title") || site || "WordPress";
  const keyLine = siteField ? channelLines.get(siteField) : undefined;
  events.push({
    type: "source",
    source: { key: site ? `wordpress:${site}` : "wordpress", name, platform: "wordpress" },
    lines: { key: keyLine, name: channel.get("title") ? channelLines.get("title") : keyLine },
  });
  yield* events;
}
