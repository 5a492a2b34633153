import { describe, expect, it } from "vitest";
import { scoreText } from "@/lib/scoring";

describe("builtin scorer", () => {
  it("scores sentiment in -1..1 with labels", () => {
    expect(scoreText("another BRILLIANT observation!").sentimentLabel).toBe("positive");
    expect(scoreText("WORLD-CLASS reporting!").sentimentLabel).toBe("positive");
    expect(scoreText("This is a terrible, dishonest and disgusting policy.").sentimentLabel).toBe("negative");
    expect(scoreText("The meeting is on Tuesday.").sentimentLabel).toBe("neutral");
    for (const t of ["good good good good great excellent wonderful", "awful horrible terrible disaster"]) {
      const s = scoreText(t).sentiment;
      expect(s).toBeGreaterThanOrEqual(-1);
      expect(s).toBeLessThanOrEqual(1);
    }
  });

  it("flags insults and points spans at the exact words", () => {
    const text = "Only an idiot would believe this, you moron.";
    const score = scoreText(text);
    expect(score.incivility).toBeGreaterThan(0.5);
    const insults = score.spans.filter((s) => s.attribute === "insult").map((s) => text.slice(s.start, s.end));
    expect(insults).toEqual(["idiot", "moron"]);
  });

  it("keeps attributes apart", () => {
    expect(scoreText("I will find where you live.").attributes.threat).toBeGreaterThan(0.5);
    expect(scoreText("This is bullshit.").attributes.profanity).toBeGreaterThan(0.5);
    expect(scoreText("This is bullshit.").attributes.threat).toBe(0);
    expect(scoreText("Nobody cares what you think.").attributes.hostility).toBeGreaterThan(0.3);
  });

  it("treats shouting as weak evidence on its own", () => {
    const shouted = scoreText("THE COUNCIL MUST PUBLISH THE FULL BUDGET NOW");
    expect(shouted.attributes.shouting).toBeGreaterThan(0);
    expect(shouted.incivility).toBeLessThan(0.5);
  });

  it("scores civil disagreement low", () => {
    expect(scoreText("I disagree with the author, the figures in the third paragraph look wrong.").incivility).toBeLessThan(0.2);
  });

  it("offsets stay right after astral characters (emoji)", () => {
    const text = "🙂🙂 you idiot";
    const span = scoreText(text).spans.find((s) => s.attribute === "insult")!;
    expect(text.slice(span.start, span.end)).toBe("idiot");
  });
});

describe("tokenizer", () => {
  it("keeps words whole, and links and @mentions apart from words", async () => {
    const { tokenize } = await import("@/lib/scoring/text/tokenize");
    const text = "RT @Happy_reader: WORLD-CLASS, don’t miss https://news.example/a?b=1 :) 😀";
    expect(tokenize(text).map((t) => `${t.kind}:${t.norm}`)).toEqual([
      "word:rt", "mention:@Happy_reader", "mark::", "word:world-class", "mark:,", "word:don't", "word:miss",
      "link:https://news.example/a?b=1", "emoticon::)", "emoji:😀",
    ]);
    // A handle or a link is never evidence, whatever it spells.
    expect(scoreText("@idiot_watch see https://example.com/idiot").incivility).toBeLessThan(0.5);
  });

  it("reads words masked with asterisks as the words they hide, with their own offsets", async () => {
    const { tokenize } = await import("@/lib/scoring/text/tokenize");
    const text = "F*ck off, you a**hole. What sh** is this *really*, Neo*Con?";
    const words = tokenize(text).filter((t) => t.kind === "word").map((t) => [t.norm, text.slice(t.start, t.end)]);
    expect(words).toEqual([
      ["fuck", "F*ck"], ["off", "off"], ["you", "you"], ["asshole", "a**hole"], ["what", "What"], ["shit", "sh**"],
      ["is", "is"], ["this", "this"], ["really", "really"], ["neo", "Neo"], ["con", "Con"],
    ]);
    const masked = scoreText("F*ck off, you a**hole.");
    expect(masked.incivility).toBeGreaterThanOrEqual(0.5);
    expect(masked.spans.filter((s) => s.attribute === "profanity").map((s) => "F*ck off, you a**hole.".slice(s.start, s.end))).toEqual(["F*ck", "a**hole"]);
  });
});

describe("a site calibration", () => {
  it("keeps the floor a clear threat or identity attack sets, whatever its weights", async () => {
    const { builtinScorerFor } = await import("@/lib/scoring/registry");
    const { builtinEngine } = await import("@/lib/scoring/builtin");
    const { CALIBRATION_FEATURES, IDENTITY_WEIGHTS } = await import("@/lib/scoring/calibration/features");
    const engine = builtinEngine("default");
    const calibration = { revision: 1, profile: "default" as const, baseVersion: engine.model.version, weights: [...IDENTITY_WEIGHTS], bias: -2, fittedAt: "2026-11-24T00:00:00Z", labels: 100 };
    const calibrated = builtinScorerFor("default", calibration);
    for (const text of ["I know where you live, watch your back.", "Go back to your country, vermin."]) {
      const shipped = engine.score(text).incivility;
      expect(shipped, text).toBeGreaterThanOrEqual(0.5);
      expect((await calibrated.scoreTexts([text]))[0]!.incivility, text).toBeGreaterThanOrEqual(shipped);
    }
    // Milder evidence does move with the calibration.
    const mild = "This is a silly argument.";
    expect((await calibrated.scoreTexts([mild]))[0]!.incivility).toBeLessThan(engine.score(mild).incivility);
    expect(CALIBRATION_FEATURES).toHaveLength(IDENTITY_WEIGHTS.length);
  });

  it("is refused when its weights do not match the features", async () => {
    const { siteCalibrationSchema } = await import("@/lib/scoring/settings");
    const base = { revision: 1, profile: "default", baseVersion: "1", bias: 0, fittedAt: "x", labels: 1 };
    expect(siteCalibrationSchema.safeParse({ ...base, weights: [1, 0, 0, 0, 0, 0, 0] }).success).toBe(false);
    expect(siteCalibrationSchema.safeParse({ ...base, weights: [1, 0, 0, 0, 0, 0, 0, Number.NaN] }).success).toBe(false);
    expect(siteCalibrationSchema.safeParse({ ...base, weights: [1, 0, 0, 0, 0, 0, 0, 0] }).success).toBe(true);
  });
});
