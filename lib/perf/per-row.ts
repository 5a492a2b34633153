import { db } from "@/lib/db";
import { openTextInput } from "@/lib/ingest/read-file";
import { parseDisqusXml } from "@/lib/ingest/disqus-xml";
import { activeScorer } from "@/lib/scoring";
import type { ParsedComment, ParsedThread } from "@/lib/ingest/types";

/**
 * The naive way, for comparison only: parse the same export, then for every
 * comment look up or create its thread and commenter, create the comment and
 * its score — one Prisma call at a time, no batching. Returns comments/s.
 */
export async function importPerRow(file: string, sourceKey: string): Promise<{ comments: number; seconds: number; commentsPerSecond: number }> {
  const input = await openTextInput(file);
  const threads = new Map<string, ParsedThread>();
  const comments: ParsedComment[] = [];
  const started = performance.now();
  try {
    for await (const event of parseDisqusXml(input)) {
      if (event.type === "thread") threads.set(event.thread.key, event.thread);
      else if (event.type === "comment") comments.push(event.comment);
    }
  } finally {
    input.close();
  }
  const scorer = activeScorer();
  const source = await db.source.upsert({ where: { key: sourceKey }, create: { key: sourceKey, name: sourceKey, platform: "disqus" }, update: {} });
  for (const c of comments) {
    const t = threads.get(c.threadKey);
    if (!t) continue;
    const thread = await db.thread.upsert({
      where: { sourceId_key: { sourceId: source.id, key: t.key } },
      create: { sourceId: source.id, key: t.key, title: t.title, url: t.url ?? null },
      update: {},
    });
    const commenter = await db.commenter.upsert({
      where: { sourceId_key: { sourceId: source.id, key: c.authorKey || "anonymous" } },
      create: { sourceId: source.id, key: c.authorKey || "anonymous", displayName: c.authorName },
      update: {},
    });
    const parent = c.parentSourceId
      ? await db.comment.findUnique({ where: { sourceId_sourceCommentId: { sourceId: source.id, sourceCommentId: c.parentSourceId } }, select: { id: true } })
      : null;
    const row = await db.comment.create({
      data: {
        sourceId: source.id,
        threadId: thread.id,
        sourceCommentId: c.sourceCommentId,
        parentId: parent?.id ?? null,
        parentSourceId: c.parentSourceId ?? null,
        commenterId: commenter.id,
        authorName: c.authorName,
        body: c.body,
        bodyHtml: c.bodyHtml ?? null,
        postedAt: c.postedAt,
        sourceStatus: c.sourceStatus,
        contentHash: "per-row",
      },
    });
    const [score] = await scorer.scoreTexts([c.body]);
    await db.score.create({
      data: {
        commentId: row.id,
        model: scorer.model.name,
        modelVersion: scorer.model.version,
        sentiment: score!.sentiment,
        sentimentLabel: score!.sentimentLabel,
        incivility: score!.incivility,
        attributes: score!.attributes,
        spans: score!.spans,
      },
    });
  }
  const seconds = (performance.now() - started) / 1000;
  return { comments: comments.length, seconds, commentsPerSecond: Math.round(comments.length / seconds) };
}
