import { describe, expect, it } from "vitest";
import { demoComments, planDemo } from "@/lib/demo/generate";

const end = new Date("2026-06-30T00:00:00Z");

function all(seed: number, comments: number) {
  const plan = planDemo({ seed, comments, end });
  return { plan, comments: plan.sources.flatMap((_, i) => [...demoComments(plan, i)]) };
}

describe("demo generator", () => {
  it("is deterministic for a seed and differs across seeds", () => {
    const a = all(7, 500);
    const b = all(7, 500);
    const c = all(8, 500);
    expect(a.comments).toEqual(b.comments);
    expect(a.comments.map((x) => x.body)).not.toEqual(c.comments.map((x) => x.body));
  });

  it("produces exactly the requested number of comments over two sources", () => {
    const { plan, comments } = all(1, 1234);
    expect(comments).toHaveLength(1234);
    expect(plan.sources.map((s) => s.source.platform)).toEqual(["disqus", "wordpress"]);
    expect(new Set(comments.map((c) => c.sourceCommentId)).size).toBe(1234);
  });

  it("has replies whose parents come earlier in the same thread", () => {
    const { comments } = all(3, 2000);
    const seen = new Map<string, string>();
    let replies = 0;
    for (const c of comments) {
      if (c.parentSourceId) {
        replies++;
        expect(seen.get(c.parentSourceId)).toBe(c.threadKey);
      }
      seen.set(c.sourceCommentId, c.threadKey);
    }
    expect(replies).toBeGreaterThan(300);
  });

  it("mixes civil and uncivil comments over a range of dates", () => {
    const { comments } = all(5, 3000);
    const days = new Set(comments.map((c) => c.postedAt.toISOString().slice(0, 10)));
    expect(days.size).toBeGreaterThan(30);
    expect(comments.every((c) => c.postedAt <= end)).toBe(true);
    const uncivil = comments.filter((c) => /idiot|moron|pathetic|shut up|stupid|garbage/i.test(c.body)).length;
    expect(uncivil / comments.length).toBeGreaterThan(0.03);
    expect(uncivil / comments.length).toBeLessThan(0.4);
  });

  it("generates 100k comments quickly enough to feed benchmarks", () => {
    const started = performance.now();
    const { comments } = all(11, 100_000);
    expect(comments).toHaveLength(100_000);
    // Not a benchmark, a sanity bound: the 1M-comment bench must not be generator-bound.
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});
