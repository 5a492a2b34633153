import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { importFiles } from "@/lib/ingest";
import { SEEDS } from "../support/paths";

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
    expect(threads.map((t) => [t.title, t._count.comments])).toEqual([
      ["002_015e008f48361a52", 0],
      ["004_0ba696aa6ea71076", 0],
      ["Japan seeks better ties with Russia", 3],
      ["Japan tests West’s boycott of Russia", 23],
      ["What Japan-Russia Rapprochement Means for the World", 0],
    ]);

    const disqus = await db.comment.findMany({
      where: { thread: { title: "Japan tests West’s boycott of Russia" } },
      orderBy: { postedAt: "asc" },
      select: { authorName: true, parentInferred: true, parent: { select: { authorName: true } }, commenterId: true },
    });
    expect(new Set(disqus.map((c) => c.authorName)).size).toBe(13);
    expect(disqus[10]).toMatchObject({ authorName: "observer", parentInferred: true, parent: { authorName: "Mr. Bernard Wijeyasingha" } });
    expect(disqus[19]).toMatchObject({ authorName: "James Jerome", parent: { authorName: "Dominion" } });
    // Commenters are per-source identities: "Mr. Bernard Wijeyasingha" is one person with seven comments.
    const bernard = await db.commenter.findFirstOrThrow({
      where: { displayName: "Mr. Bernard Wijeyasingha" },
      select: { _count: { select: { comments: true } } },
    });
    expect(bernard._count.comments).toBe(7);

    const wordpress = await db.comment.findMany({
      where: { thread: { title: "Japan seeks better ties with Russia" } },
      orderBy: { postedAt: "asc" },
      select: { authorName: true, commenterId: true },
    });
    expect(wordpress.map((c) => c.authorName)).toEqual(["A. James Gregor, Ph.D. & Professor", "Unknown", "Unknown"]);
    // Unknown authors are not merged into one made-up commenter.
    expect(wordpress[1]!.commenterId).toBeNull();
  });

  it("scores every imported comment and records the model", async () => {
    const scores = await db.score.findMany({ select: { model: true, modelVersion: true } });
    expect(scores).toHaveLength(26);
    expect(new Set(scores.map((s) => `${s.model}@${s.modelVersion}`))).toEqual(new Set(["builtin-default@1.1.0"]));
    const flagged = await db.comment.findMany({
      where: { modStatus: "flagged" },
      select: { body: true, flagReasons: true, scores: { select: { incivility: true } } },
    });
    expect(flagged.some((c) => c.body.startsWith("What stands out about your comment is that it is ignorant"))).toBe(true);
    // Nothing is flagged without a stated reason; "over threshold" means the score reached 0.5.
    expect(flagged.every((c) => c.flagReasons.length > 0)).toBe(true);
    for (const c of flagged.filter((f) => f.flagReasons.includes("over threshold"))) {
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
    const name = (await fs.readdir(SEEDS)).find((f) => f.startsWith("003_"))!;
    const original = await fs.readFile(path.join(SEEDS, name), "utf8");
    const edited = original.replace("H/t Tak", "H/t Tak (edited)");
    const target = path.join(dir, name);
    await fs.writeFile(target, edited);
    await fs.utimes(target, (await fs.stat(path.join(SEEDS, name))).atime, (await fs.stat(path.join(SEEDS, name))).mtime);
    const summary = await importFiles([target]);
    expect(summary).toMatchObject({ comments: 3, inserted: 0, updated: 1, unchanged: 2 });
    const comment = await db.comment.findFirstOrThrow({ where: { body: { contains: "(edited)" } }, select: { body: true } });
    expect(comment.body.endsWith("H/t Tak (edited) 🙂")).toBe(true);
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
