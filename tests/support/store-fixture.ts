import { storeComments } from "@/lib/ingest/store";
import type { ParsedComment } from "@/lib/ingest/types";

/** Stores a small hand-made thread through the real store step (scored and flagged). */
export async function storeThread(
  key: string,
  comments: { id: string; body: string; author?: string; parent?: string; status?: ParsedComment["sourceStatus"] }[],
  options: { source?: string; title?: string; start?: Date } = {},
) {
  const start = options.start ?? new Date("2026-03-01T10:00:00Z");
  return storeComments({
    source: { key: options.source ?? "test-site", name: "Test site", platform: "test" },
    threads: [{ key, title: options.title ?? `Thread ${key}`, url: `https://news.example/${key}` }],
    comments: comments.map((c, i) => ({
      sourceCommentId: c.id,
      threadKey: key,
      parentSourceId: c.parent ?? null,
      authorKey: (c.author ?? "reader").toLowerCase(),
      authorName: c.author ?? "reader",
      body: c.body,
      postedAt: new Date(start.getTime() + i * 60_000),
      sourceStatus: c.status ?? "visible",
    })),
  });
}
