import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { importFiles } from "@/lib/ingest";
import { builtinModelInfo } from "@/lib/scoring/builtin";
import { SEEDS } from "../support/paths";
import { seedFile, seedHeadline, seedLine } from "../support/seed-text";

describe("importing the five saved seed pages", () => {
  it("creates one thread per page and the comments with their authors", async () => {
    const summary = await importFiles([SEEDS]);
    expect(summary.rejected).toEqual([]);
    expect(summary.files).toBe(5);
    expect(summary.threads).toBe(5);
    expect(summary.comments).toBe(26);
    expect(summary.inserted).toBe(26);

    const threads = await db.thread.findMany({
      select: { title: true, _count: { select: { comments: true } } },
      orderBy: { title: "asc" },
    });
    // Pages without a headline (002, 004) are named after their file.
    expect(Object.fromEntries(threads.map((t) => [t.title, t._count.comments]))).toEqual({
      [seedFile("002_").stem]: 0,
      [seedFile("004_").stem]: 0,
      [seedHeadline("003_")]: 3,
      [seedHeadline("000_")]: 23,
      [seedHeadline("001_")]: 0,
    });

    const disqus = await db.comment.findMany({
      where: { thread: { title: seedHeadline("000_") } },
      orderBy: { postedAt: "asc" },
      select: { authorName: true, parentInferred: true, parent: { select: { authorName: true } }, commenterId: true },
    });
    expect(new Set(disqus.map((c) => c.authorName)).size).toBe(13);
    // Comment 11 answers the author of comment 1 (inferred), comment 20 the author of comment 8.
    expect(disqus[10]).toMatchObject({ parentInferred: true, parent: { authorName: disqus[0]!.authorName } });
    expect(disqus[19]).toMatchObject({ parent: { authorName: disqus[7]!.authorName } });
    // Commenters are per-source identities: the author of comment 1 is one person with seven comments.
    const first = await db.commenter.findFirstOrThrow({
      where: { displayName: disqus[0]!.authorName },
      select: { _count: { select: { comments: true } } },
    });
    expect(first._count.comments).toBe(7);

    const wordpress = await db.comment.findMany({
      where: { thread: { title: seedHeadline("003_") } },
      orderBy: { postedAt: "asc" },
      select: { authorName: true, commenterId: true },
    });
    expect(wordpress.map((c) => c.authorName)).toEqual([seedLine("003_", 32, { dropMarker: true }), "Unknown", "Unknown"]);
    // Unknown authors are not merged into one made-up commenter.
    expect(wordpress[1]!.commenterId).toBeNull();
  });

  it("scores every imported comment and records the model", async () => {
    const scores = await db.score.findMany({ select: { model: true, modelVersion: true } });
    expect(scores).toHaveLength(26);
    expect(new Set(scores.map((s) => `${s.model}@${s.modelVersion}`))).toEqual(new Set([`${builtinModelInfo("default").name}@${builtinModelInfo("default").version}`]));
    const flagged = await db.comment.findMany({
      where: { modStatus: "flagged" },
      select: { body: true, flagReasons: true, scores: { select: { incivility: true } } },
    });
    // Comment 12 of the Disqus page (its first line is line 137 of the file) insults its addressee.
    expect(flagged.some((c) => c.body.startsWith(seedLine("000_", 137)))).toBe(true);
    // Nothing is flagged without a stated reason; "over threshold" means the score reached 0.5.
    expect(flagged.every((c) => c.flagReasons.length > 0)).toBe(true);
    const overThreshold = flagged.filter((f) => f.flagReasons.includes("over threshold"));
    expect(overThreshold.length).toBeGreaterThan(0);
    for (const c of overThreshold) {
      expect(c.scores).toHaveLength(1);
      expect(c.scores[0]!.incivility).toBeGreaterThanOrEqual(0.5);
    }
  });

  it("changes nothing when the same pages are imported again", async () => {
    const before = await db.comment.findMany({ select: { id: true, contentHash: true }, orderBy: { id: "asc" } });
    const summary = await importFiles([SEEDS]);
    expect(summary).toMatchObject({ files: 5, comments: 26, inserted: 0, updated: 0, unchanged: 26, rejected: [] });
    const after = await db.comment.findMany({ select: { id: true, contentHash: true }, orderBy: { id: "asc" } });
    expect(after).toEqual(before);
    expect(await db.thread.count()).toBe(5);
    expect(await db.score.count()).toBe(26);
  });

  it("updates only what changed in a newer save of a page", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "cdk-seed-"));
    const { name, lines } = seedFile("003_");
    // Line 42 is the last line of the page's third comment.
    const edited = lines.map((line, i) => (i === 41 ? `${line} (edited)` : line)).join("\n");
    const target = path.join(dir, name);
    // A newer save is a newer file: the comments' estimated times (from the file's date) must not move.
    await fs.writeFile(target, edited);
    const stored = { select: { sourceCommentId: true, postedAt: true, postedAtEstimated: true, modVersion: true }, orderBy: { id: "asc" } } as const;
    const before = await db.comment.findMany({ ...stored, where: { thread: { title: seedHeadline("003_") } } });
    const summary = await importFiles([target]);
    expect(summary).toMatchObject({ comments: 3, inserted: 0, updated: 1, unchanged: 2 });
    const comment = await db.comment.findFirstOrThrow({ where: { body: { contains: "(edited)" } }, select: { body: true, sourceCommentId: true } });
    expect(comment.body.endsWith(`${seedLine("003_", 42)} (edited)`)).toBe(true);
    const after = await db.comment.findMany({ ...stored, where: { thread: { title: seedHeadline("003_") } } });
    // The same times; the edited text bumped its version, so a decision on the old text is refused.
    expect(after.map((c) => [c.sourceCommentId, c.postedAt, c.postedAtEstimated])).toEqual(before.map((c) => [c.sourceCommentId, c.postedAt, c.postedAtEstimated]));
    expect(after.map((c) => c.modVersion - before.find((b) => b.sourceCommentId === c.sourceCommentId)!.modVersion)).toEqual(
      after.map((c) => (c.sourceCommentId === comment.sourceCommentId ? 1 : 0)),
    );
    await fs.rm(dir, { recursive: true });
  });

  it("rejects a bad file with its line, writes nothing from it, and still imports the others", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "cdk-bad-"));
    await fs.writeFile(path.join(dir, "a-binary.txt"), Buffer.from([0x54, 0x69, 0x74, 0x6c, 0x65, 0x0a, 0xff, 0xfe, 0x00]));
    await fs.writeFile(
      path.join(dir, "b-good.txt"),
      "A brand new article headline here\n\nBody text of the article.\n\n  • Reader One\n\n    A civil and kind remark.\n",
    );
    const threadsBefore = await db.thread.count();
    const summary = await importFiles([dir]);
    expect(summary.files).toBe(2);
    expect(summary.rejected).toEqual([
      { file: path.join(dir, "a-binary.txt"), line: 2, message: expect.stringContaining("not valid UTF-8") },
    ]);
    expect(summary.inserted).toBe(1);
    expect(await db.thread.count()).toBe(threadsBefore + 1);
    const runs = await db.importRun.findMany({ where: { file: { startsWith: dir } }, select: { status: true }, orderBy: { file: "asc" } });
    expect(runs.map((r) => r.status)).toEqual(["rejected", "succeeded"]);
    await fs.rm(dir, { recursive: true });
  });
});
