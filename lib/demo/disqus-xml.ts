import { once } from "node:events";
import type { Writable } from "node:stream";
import type { ParsedComment } from "@/lib/ingest/types";
import { demoComments, type DemoPlan } from "./generate";

const FORUM = "harbour-times";

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** CDATA cannot hold "]]>": split it over two sections, as real exports do. */
function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;
}

function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function post(c: ParsedComment, threadId: string): string {
  const username = c.authorKey.replace(/[^a-z0-9]+/g, "-");
  const parent = c.parentSourceId ? `\n    <parent dsq:id="${escapeXml(c.parentSourceId)}"/>` : "";
  return `  <post dsq:id="${escapeXml(c.sourceCommentId)}">
    <id/>
    <message>${cdata(`<p>${escapeXml(c.body)}</p>`)}</message>
    <createdAt>${isoSeconds(c.postedAt)}</createdAt>
    <isDeleted>${c.sourceStatus === "deleted"}</isDeleted>
    <isSpam>${c.sourceStatus === "spam"}</isSpam>
    <author>
      <name>${escapeXml(c.authorName)}</name>
      <isAnonymous>false</isAnonymous>
      <username>${escapeXml(username)}</username>
    </author>
    <thread dsq:id="${threadId}"/>${parent}
  </post>
`;
}

/**
 * Writes a demo plan as one Disqus XML export (both demo sources under one
 * forum), streaming the posts from the deterministic generator so a
 * million-comment file needs no more memory than a small one. Disqus has no
 * "pending" verdict: such comments are written as visible. Returns the counts.
 */
export async function writeDisqusExport(plan: DemoPlan, out: Writable): Promise<{ threads: number; posts: number }> {
  let buffer = "";
  const write = async (text: string, force = false) => {
    buffer += text;
    if (buffer.length < 64 * 1024 && !force) return;
    const chunk = buffer;
    buffer = "";
    if (!out.write(chunk)) await once(out, "drain");
  };
  await write(`<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <category dsq:id="1">
    <forum>${FORUM}</forum>
    <title>General</title>
    <isDefault>true</isDefault>
  </category>
`);
  const threadIds = new Map<string, string>();
  let threads = 0;
  for (const [s, demo] of plan.sources.entries()) {
    for (const [t, thread] of demo.threads.entries()) {
      const id = String((s + 1) * 1_000_000 + t + 1);
      threadIds.set(`${s}:${thread.key}`, id);
      threads++;
      await write(`  <thread dsq:id="${id}">
    <id>${escapeXml(thread.key)}</id>
    <forum>${FORUM}</forum>
    <category dsq:id="1"/>
    <link>${escapeXml(thread.url ?? "")}</link>
    <title>${escapeXml(thread.title)}</title>
    <message/>
    <createdAt>${isoSeconds(thread.publishedAt ?? plan.end)}</createdAt>
    <isClosed>false</isClosed>
    <isDeleted>false</isDeleted>
  </thread>
`);
    }
  }
  let posts = 0;
  for (const s of plan.sources.keys()) {
    for (const comment of demoComments(plan, s)) {
      posts++;
      await write(post(comment, threadIds.get(`${s}:${comment.threadKey}`)!));
    }
  }
  await write("</disqus>\n", true);
  return { threads, posts };
}
