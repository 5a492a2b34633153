import { describe, expect, it } from "vitest";
import { inferReplies } from "@/lib/ingest/reply-inference";

describe("inferReplies", () => {
  it("links an @mention to the named commenter's latest earlier comment", () => {
    const parents = inferReplies([
      { author: "Ana Ruiz", body: "First." },
      { author: "Bo", body: "Second." },
      { author: "Ana Ruiz", body: "Third." },
      { author: "Cy", body: "@Ana Ruiz I disagree." },
    ]);
    expect(parents).toEqual([null, null, null, 2]);
  });

  it("prefers the quoted comment over the latest one by the same author", () => {
    const parents = inferReplies([
      { author: "Ana", body: "Rents have doubled in five years across the old town." },
      { author: "Ana", body: "Something else entirely." },
      { author: "Cy", body: "“Rents have doubled in five years across the old town” — source?" },
    ]);
    expect(parents[2]).toBe(0);
  });

  it("reads an @ followed by no name (\"@!!!\", \"@😂\") as naming no one", () => {
    const parents = inferReplies([
      { author: "Ana", body: "The council met on Tuesday." },
      { author: "Bartholomew", body: "I think the plan is sound." },
      { author: "Cy", body: "@!!!" },
      { author: "Di", body: "@😂😂" },
    ]);
    expect(parents).toEqual([null, null, null, null]);
  });

  it("never invents a parent without evidence", () => {
    const parents = inferReplies([
      { author: "Ana", body: "The council met on Tuesday." },
      { author: "Bo", body: "I think the plan is sound and the budget adds up." },
      { author: null, body: "What a thoughtful discussion." },
    ]);
    expect(parents).toEqual([null, null, null]);
  });

  it("does not treat a commenter's own name as a reply to themselves", () => {
    const parents = inferReplies([
      { author: "Kestrel", body: "The council should not rejoin." },
      { author: "Kestrel", body: "Kestrel here again, adding a point." },
    ]);
    expect(parents).toEqual([null, null]);
  });

  it("needs a cue for one-word names: a name merely used as a word is not an address", () => {
    const parents = inferReplies([
      { author: "observer", body: "Interesting." },
      { author: "Bo", body: "Any neutral observer would agree the figures are off." },
      { author: "Cy", body: "BTW observer, the figures are from the IMF." },
    ]);
    expect(parents).toEqual([null, null, 0]);
  });

  it("searches a bounded stretch of earlier text for a quotation: close ones are found, ones past pages of long comments are not", () => {
    const quote = { author: "Bo", body: 'You said "the council should fund the night bus properly" and I agree.' };
    const source = { author: "Ann", body: "Frankly, the council should fund the night bus properly this year." };
    const long = (author: string) => ({ author, body: `${"A long aside about the weather. ".repeat(32_000)}` });
    expect(inferReplies([source, long("Cy"), quote])).toEqual([null, null, 0]);
    // Three comments of a million characters each lie between: past the two million searched.
    expect(inferReplies([source, long("Cy"), long("Di"), long("Ed"), quote])).toEqual([null, null, null, null, null]);
  });
});
