import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { importFiles } from "@/lib/ingest";
import { threadsNeedingAttention } from "@/lib/moderation";
import { SEEDS } from "../support/paths";
import { escapeRegExp, seedHeadline } from "../support/seed-text";

describe("escalation on the saved Disqus page", () => {
  it("finds the back-and-forth between the authors of comments 1 and 11", async () => {
    await importFiles([SEEDS]);
    const attention = await threadsNeedingAttention();
    const thread = attention.find((t) => t.title === seedHeadline("000_"));
    const comments = await db.comment.findMany({
      where: { thread: { title: seedHeadline("000_") } },
      orderBy: { postedAt: "asc" },
      select: { authorName: true },
    });
    const [a, b] = [comments[0]!.authorName, comments[10]!.authorName].map(escapeRegExp);
    expect(thread?.signals.find((s) => s.kind === "duel")?.reason).toMatch(new RegExp(`${a} and ${b}|${b} and ${a}`));
    // The calm WordPress page is not on the list.
    expect(attention.map((t) => t.title)).not.toContain(seedHeadline("003_"));
  });
});
