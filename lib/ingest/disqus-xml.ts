import type { TextInput } from "./read-file";
import type { ParseEvent, SourceStatus } from "./types";
import { ImportRejection } from "./types";
import { parseIsoInstant } from "./dates";
import { htmlToText } from "./html-text";
import { httpUrl } from "./canonical-url";
import { child, field, readXml, value, type XmlNode } from "./xml-reader";

/** Local name: Disqus elements live in the default namespace, but some exports carry none or a prefix. */
function local(name: string): string {
  return name.slice(name.indexOf(":") + 1);
}

/** The `dsq:id` attribute, whatever the prefix is bound to (or not bound at all). */
function dsqId(node: XmlNode | undefined): string {
  if (!node) return "";
  for (const [name, v] of Object.entries(node.attrs)) if (name.includes(":") && local(name) === "id") return v.trim();
  return "";
}

function normalise(node: XmlNode): XmlNode {
  return { ...node, name: local(node.name), children: node.children.map(normalise) };
}

function flag(node: XmlNode, name: string, file: string): boolean {
  const el = child(node, name);
  const text = value(el).trim().toLowerCase();
  if (!el || text === "" || text === "false" || text === "0") return false;
  if (text === "true" || text === "1") return true;
  throw new ImportRejection(file, el.line, `<${name}> must be true or false, not "${value(el).trim()}"`);
}

/**
 * Disqus XML export: flat lists of <thread dsq:id> and <post dsq:id>. A post names
 * its thread and, for replies, its parent by dsq:id, in any order (the store
 * resolves both at the end). Posts whose thread is not in the file are orphans.
 * Deleted and spam posts are kept with that status; missing flags are false.
 */
export async function* parseDisqusXml(input: TextInput): AsyncGenerator<ParseEvent> {
  const file = input.file;
  let events: ParseEvent[] = [];
  let forum = "";
  let forumLine: number | undefined;
  let deletedThreads = 0;
  let threadsWithoutId = 0;
  let checkedRoot = false;

  const onThread = (node: XmlNode) => {
    const key = dsqId(node);
    if (!key) {
      threadsWithoutId++;
      return;
    }
    const link = field(node, "link");
    const created = field(node, "createdAt");
    if (flag(node, "isDeleted", file)) deletedThreads++;
    events.push({
      type: "thread",
      line: node.line,
      thread: {
        key,
        title: field(node, "title").replace(/\s+/g, " ") || link || `Disqus thread ${key}`,
        url: httpUrl(link),
        publishedAt: created ? parseIsoInstant(created) : null,
        // Not stated, it is left as it is: a moderator's close is not undone by an export that is silent.
        closed: child(node, "isClosed") ? flag(node, "isClosed", file) : undefined,
      },
    });
  };

  const onPost = (node: XmlNode) => {
    const legacyId = field(node, "id");
    const id = dsqId(node) || (legacyId ? `id:${legacyId}` : "");
    if (!id) throw new ImportRejection(file, node.line, "a <post> has neither a dsq:id attribute nor an <id>: it cannot be keyed");
    const createdText = field(node, "createdAt");
    const postedAt = parseIsoInstant(createdText);
    if (!postedAt) {
      const line = child(node, "createdAt")?.line ?? node.line;
      throw new ImportRejection(file, line, createdText ? `post ${id}: "${createdText}" is not an ISO 8601 time` : `post ${id} has no <createdAt>`);
    }
    const author = child(node, "author");
    const name = author ? field(author, "name") : "";
    const username = author ? field(author, "username") : "";
    const email = author ? field(author, "email").toLowerCase() : "";
    const guestKey = name || email ? `guest:${name.toLowerCase()}${email ? `<${email}>` : ""}` : "";
    const html = value(child(node, "message")).trim();
    const status: SourceStatus = flag(node, "isSpam", file) ? "spam" : flag(node, "isDeleted", file) ? "deleted" : "visible";
    events.push({
      type: "comment",
      line: node.line,
      comment: {
        sourceCommentId: id,
        threadKey: dsqId(child(node, "thread")),
        parentSourceId: dsqId(child(node, "parent")) || null,
        authorKey: username ? `user:${username}` : guestKey,
        authorName: name || username || "Anonymous",
        authorEmail: email || null,
        authorIp: field(node, "ipAddress") || null,
        authorAnonymous: author ? flag(author, "isAnonymous", file) : false,
        body: htmlToText(html),
        bodyHtml: html || null,
        postedAt,
        sourceStatus: status,
        kind: "comment",
      },
    });
  };

  const records = readXml(
    input.chunks(),
    file,
    {
      capture: (path) => path.length === 2,
      onOpen: (path, _attrs, line) => {
        if (checkedRoot) return;
        checkedRoot = true;
        if (local(path[0]!) !== "disqus") throw new ImportRejection(file, line, `the root element is <${path[0]}>, not <disqus>: this is not a Disqus export`);
      },
      onCaptured: (raw) => {
        const node = normalise(raw);
        if (!forum && (forum = field(node, "forum"))) forumLine = node.line;
        if (node.name === "thread") onThread(node);
        else if (node.name === "post") onPost(node);
      },
    },
    () => {
      const out = events;
      events = [];
      return out;
    },
  );
  yield* records;

  if (deletedThreads) events.push({ type: "note", message: `${deletedThreads} threads are marked deleted in Disqus; their posts keep their own status` });
  if (threadsWithoutId) events.push({ type: "note", message: `${threadsWithoutId} threads without a dsq:id were left out: no post can name them` });
  events.push({
    type: "source",
    source: forum
      ? { key: `disqus:${forum}`, name: `${forum} (Disqus)`, platform: "disqus" }
      : { key: "disqus", name: "Disqus", platform: "disqus" },
    // The forum's name is both: the key and the name are made of it.
    lines: { key: forumLine, name: forumLine },
  });
  yield* events;
}
