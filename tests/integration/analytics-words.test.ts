import { beforeAll, describe, expect, it } from "vitest";
import { loadInsights } from "@/lib/analytics";
import { paramsFromSearch } from "@/lib/analytics/filters";
import { insertComment, insertScore, insertSource, insertThread } from "./analytics-dataset";

// Ten scored comments on one day: four uncivil ones say "idiot" and address @Solsha,
// six civil ones say "thanks"; every comment mentions the "budget".
beforeAll(async () => {
  const source = await insertSource("w");
  const thread = await insertThread(source, "words", null);
  for (let i = 0; i < 10; i++) {
    const uncivil = i < 4;
    const id = await insertComment({
      sourceId: source,
      threadId: thread,
      sid: `w${i}`,
      postedAt: `2026-07-01T${String(10 + i).padStart(2, "0")}:00:00Z`,
      body: uncivil ? `@Solsha you IDIOT, the budget is a joke` : `Thanks for the budget story, number ${i}`,
    });
    await insertScore(id, "1", uncivil
      ? { sentiment: -0.6, label: "negative", incivility: 0.9 }
      : { sentiment: 0.4, label: "positive", incivility: 0.05 }, "m");
  }
});

describe("words that go with uncivil and negative comments", () => {
  it("ranks the words of the class by log odds, leaving out mentions and words common to all", async () => {
    const { words } = await loadInsights(paramsFromSearch(new URLSearchParams("from=2026-07-01&to=2026-07-01&model=m@1")));
    expect(words).toMatchObject({ scored: 10, uncivilComments: 4, negativeComments: 4 });
    // idiot and joke appear in all 4 uncivil comments and none of the 6 others.
    expect(words.uncivil.map((w) => w.word)).toEqual(["idiot", "joke"]);
    expect(words.uncivil[0]).toMatchObject({ inClass: 4, classShare: 1, inRest: 0, restShare: 0 });
    const [a, b, c, d] = [4.5, 0.5, 0.5, 6.5];
    expect(words.uncivil[0]!.z).toBeCloseTo((Math.log(a / b) - Math.log(c / d)) / Math.sqrt(1 / a + 1 / b + 1 / c + 1 / d), 10);
    expect(words.negative.map((w) => w.word)).toEqual(["idiot", "joke"]);
    for (const list of [words.uncivil, words.negative]) {
      expect(list.map((w) => w.word)).not.toContain("solsha");
      expect(list.map((w) => w.word)).not.toContain("budget");
    }
  });
});
