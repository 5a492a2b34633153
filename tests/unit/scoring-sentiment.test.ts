import { describe, expect, it } from "vitest";
import { scoreText } from "@/lib/scoring";
import { buildSentimentLexicon } from "@/lib/scoring/sentiment/lexicon";
import { scoreSentimentTokens, type SentimentParams } from "@/lib/scoring/sentiment/score";
import { tokenize } from "@/lib/scoring/text/tokenize";

const sentiment = (text: string) => scoreText(text).sentiment;
const label = (text: string) => scoreText(text).sentimentLabel;
const words = (text: string) =>
  scoreText(text)
    .spans.filter((s) => s.attribute === "sentiment")
    .map((s) => [text.slice(s.start, s.end), Math.sign(s.weight)]);

describe("sentiment rules", () => {
  it("flips the next sentiment word after a negator, within its clause only", () => {
    expect(label("This is a good plan.")).toBe("positive");
    expect(label("This is not a good plan.")).toBe("negative");
    expect(label("This is not a bad idea at all.")).toBe("positive");
    // The negator is used up by "warning": "inexcusable" keeps its own sign.
    expect(words("Opening fire without warning was inexcusable.")).toContainEqual(["inexcusable", -1]);
    // A clause mark ends the scope.
    expect(words("No. The result is excellent.")).toContainEqual(["excellent", 1]);
  });

  it("scales with intensifiers and downtoners, and with capitals and exclamation marks", () => {
    expect(sentiment("The plan is extremely good.")).toBeGreaterThan(sentiment("The plan is good."));
    expect(sentiment("The plan is slightly good.")).toBeLessThan(sentiment("The plan is good."));
    expect(sentiment("The plan is GOOD.")).toBeGreaterThan(sentiment("The plan is good."));
    expect(sentiment("The plan is good!!!")).toBeGreaterThan(sentiment("The plan is good."));
    expect(sentiment("The plan is terrible!!!")).toBeLessThan(sentiment("The plan is terrible."));
  });

  it("weighs the clause after a contrast word more", () => {
    expect(label("The opening was lovely, but the rest was a dreadful mess.")).toBe("negative");
    expect(label("The start was dreadful, but the ending was lovely and moving.")).toBe("positive");
  });

  it("reads praise after a sarcasm marker as scorn", () => {
    expect(label("What a wonderful, brilliant plan from the council.")).toBe("positive");
    expect(label("Oh great, another wonderful, brilliant plan from the council.")).toBe("negative");
    expect(label("Yeah right, the minister is a genius and totally honest.")).toBe("negative");
    expect(label("Another wonderful plan from the council. /s")).toBe("negative");
  });

  it("knows emoji, emoticons and editorial vocabulary AFINN lacks", () => {
    expect(label("See you at the meeting 😍")).toBe("positive");
    expect(label("See you at the meeting :(")).toBe("negative");
    expect(label("World-class reporting!")).toBe("positive");
    expect(label("Pure propaganda and cronyism.")).toBe("negative");
    expect(label("A landmark, commendable ruling.")).toBe("positive");
    expect(label("The council meets on Tuesday at noon.")).toBe("neutral");
  });

  it("stays in -1..1 however many words pile up", () => {
    for (const t of ["good ".repeat(200), "awful ".repeat(200), "NOT GOOD!!!!!!!! ".repeat(50)]) {
      expect(Math.abs(sentiment(t))).toBeLessThanOrEqual(1);
    }
  });

  it("points sentiment spans at the words, phrases included", () => {
    const text = "I can't stand this, it is disgusting.";
    expect(words(text).map(([w]) => w)).toEqual(["can't stand", "disgusting"]);
  });
});

describe("sentiment calibration rules", () => {
  const lexicon = buildSentimentLexicon({ development: 1.5 });
  const score = (text: string, params: SentimentParams = { scale: 2, neutralBand: 0.02 }) =>
    scoreSentimentTokens(text, tokenize(text), lexicon, params);
  const spanWords = (text: string) => score(text).spans.map((s) => text.slice(s.start, s.end));

  it("ignores valences guessed from word vectors for capitalised words inside a sentence (names)", () => {
    expect(spanWords("The Housing Development office opened.")).toEqual([]);
    expect(spanWords("The development was welcome.")).toContain("development");
    expect(spanWords("Development was welcome.")).toContain("Development");
    // Listed words keep their valence when capitalised.
    expect(spanWords("We all Love this city.")).toContain("Love");
  });

  it("adds VADER's words AFINN lacks at the calibrated weight and averages the two where both rate a word", () => {
    const plain = buildSentimentLexicon({});
    const withVader = buildSentimentLexicon({}, { vader: 0.5 });
    // "relief": VADER 2.1 on its -4..4 scale, ×5/4 onto AFINN's, ×0.5.
    expect(plain.words.get("relief")).toBeUndefined();
    expect(withVader.words.get("relief")).toBeCloseTo(1.3125);
    // "war": AFINN -2, VADER -2.9 (-3.625 on AFINN's scale).
    expect(plain.words.get("war")).toBe(-2);
    expect(withVader.words.get("war")).toBeCloseTo(-2.8125);
    // Hand-written editorial words and neutralised words stay as they are.
    expect(withVader.words.get("terrorism")).toBe(-3);
    expect(withVader.words.has("like")).toBe(false);
  });

  it("leaves a sentence neutral when its strongest word is fainter than the calibrated minimum, keeping its value", () => {
    const faint = buildSentimentLexicon({ development: 0.6 });
    const text = "The development opened.";
    const at = (neutralWord: number) => scoreSentimentTokens(text, tokenize(text), faint, { scale: 2, neutralBand: 0, neutralWord });
    expect(at(0).label).toBe("positive");
    expect(at(0.75).label).toBe("neutral");
    expect(at(0.75).value).toBe(at(0).value);
    expect(at(0.75).strongest).toBeCloseTo(0.6);
    expect(at(0.75).value).toBeGreaterThan(0);
  });

  it("widens the scale with sentence length by the calibrated exponent", () => {
    const short = "A terrible plan.";
    const long = "A terrible plan that the council discussed at length on Tuesday evening in the old hall.";
    expect(score(short).raw).toBe(score(long).raw);
    expect(score(long).value).toBe(score(short).value);
    const params = { scale: 2, neutralBand: 0.02, lengthExponent: 0.5 };
    expect(Math.abs(score(long, params).value)).toBeLessThan(Math.abs(score(short, params).value));
  });

  it("applies the calibrated rule weights: negation, contrast and positive valences", () => {
    const raw = (text: string, rules: SentimentParams["rules"]) => score(text, { scale: 2, neutralBand: 0.02, rules }).raw;
    expect(raw("This is not lovely.", { negation: -0.5 })).toBeCloseTo(-0.5 * raw("This is lovely.", {}), 6);
    expect(raw("This is good.", { positive: 0.8 })).toBeCloseTo(0.8 * raw("This is good.", {}), 6);
    expect(raw("This is bad.", { positive: 0.8 })).toBe(raw("This is bad.", {}));
    // Equal weights on both sides of "but" cancel a word and its opposite.
    expect(raw("The start was good, but the end was bad.", { beforeContrast: 1, afterContrast: 1 })).toBe(0);
    expect(raw("The start was good, but the end was bad.", {})).toBeLessThan(0);
  });
});
