import { describe, expect, it } from "vitest";
import { builtinEngine } from "@/lib/scoring/builtin";
import { PROFILES, type Attribute } from "@/lib/scoring";

const evidence = (text: string, profile: (typeof PROFILES)[number] = "default") => {
  const score = builtinEngine(profile).score(text);
  const spans = score.spans.filter((s) => s.attribute !== "sentiment");
  return { score, spans: spans.map((s) => [text.slice(s.start, s.end), s.attribute] as [string, Attribute]) };
};

describe.each(PROFILES)("incivility (%s profile)", (profile) => {
  it("flags insults, profanity, threats, identity attacks and hostility, naming the words", () => {
    const cases: [string, string, Attribute][] = [
      ["Only an idiot would write this, you moron.", "idiot", "insult"],
      ["This is complete bullshit.", "bullshit", "profanity"],
      ["I know where you live, watch your back.", "know where you live", "threat"],
      ["Go back to your country, vermin.", "Go back to your country", "identityAttack"],
      ["Shut up, nobody cares, get lost.", "Shut up", "hostility"],
    ];
    for (const [text, word, attribute] of cases) {
      const { score, spans } = evidence(text, profile);
      expect(score.incivility, text).toBeGreaterThanOrEqual(0.5);
      expect(spans, text).toContainEqual([word, attribute]);
      expect(score.attributes[attribute], text).toBeGreaterThan(0.5);
    }
  });

  it("names compounds of listed profanity and less common insults by their attribute", () => {
    for (const [text, word, attribute] of [
      ["We shouldn't have to deal with your horseshit here.", "horseshit", "profanity"],
      ["Only a nincompoop would vote for this.", "nincompoop", "insult"],
    ] as const) {
      expect(evidence(text, profile).spans, text).toContainEqual([word, attribute]);
    }
  });

  it("keeps attributes apart", () => {
    const profanity = evidence("This is bullshit.", profile).score.attributes;
    expect(profanity.profanity).toBeGreaterThan(0.5);
    expect(profanity.threat).toBe(0);
    expect(profanity.identityAttack).toBe(0);
    const threat = evidence("I will find where you live.", profile).score.attributes;
    expect(threat.threat).toBeGreaterThan(0.5);
    expect(threat.profanity).toBe(0);
  });

  it("shows content words only, never function words like 'you'", () => {
    const text = "Only an idiot would believe this, you moron.";
    const { spans } = evidence(text, profile);
    expect(spans.filter(([, a]) => a === "insult").map(([w]) => w)).toEqual(["idiot", "moron"]);
    expect(spans.map(([w]) => w.toLowerCase())).not.toContain("you");
  });

  it("scores civil comments, disagreement included, below the flag threshold", () => {
    for (const text of [
      "Thanks for this careful reporting.",
      "I disagree with the author, the figures in the third paragraph look wrong.",
      "The council should publish the budget before the vote.",
      "Great piece, I learned a lot about the harbour project.",
    ]) {
      const { score, spans } = evidence(text, profile);
      expect(score.incivility, text).toBeLessThan(0.5);
      expect(spans.filter(([, a]) => a !== "shouting"), text).toEqual([]);
    }
  });

  it("treats capitals as weak evidence of their own", () => {
    const { score, spans } = evidence("THE COUNCIL MUST PUBLISH THE FULL BUDGET NOW", profile);
    expect(score.attributes.shouting).toBeGreaterThan(0);
    expect(score.incivility).toBeLessThan(0.5);
    expect(spans).toEqual([["THE COUNCIL MUST PUBLISH THE FULL BUDGET NOW", "shouting"]]);
  });

  it("catches stretched spellings", () => {
    expect(evidence("You are stuuupid.", profile).spans).toContainEqual(["stuuupid", "insult"]);
  });

  it("keeps offsets right after emoji and other astral characters", () => {
    const text = "🙂🙂 𝒯𝒽𝒾𝓈 you idiot";
    expect(evidence(text, profile).spans).toContainEqual(["idiot", "insult"]);
  });

  it("explains with weights between 0 and 1 and spans inside the text", () => {
    const text = "You pathetic liar, shut up. YOU ARE A DISGRACE!!!";
    const { score } = evidence(text, profile);
    // The weights are bounded only for the incivility attributes; the loop must see some.
    expect(score.spans.filter((s) => s.attribute !== "sentiment").length).toBeGreaterThan(0);
    for (const s of score.spans) {
      expect(s.start).toBeGreaterThanOrEqual(0);
      expect(s.end).toBeLessThanOrEqual(text.length);
      expect(s.end).toBeGreaterThan(s.start);
      if (s.attribute !== "sentiment") expect(s.weight).toBeGreaterThan(0);
      if (s.attribute !== "sentiment") expect(s.weight).toBeLessThanOrEqual(1);
    }
  });
});

describe("profiles", () => {
  it("ship different models with their own names", () => {
    expect(builtinEngine("default").model).toEqual({ name: "builtin-default", version: "1.6.1" });
    expect(builtinEngine("news").model).toEqual({ name: "builtin-news", version: "1.6.1" });
  });
});

describe("antagonism without rude words", () => {
  it("names the dismissive phrase, and the news profile puts it near the flag threshold, far above civil disagreement", () => {
    const text = "You have no idea what you're talking about.";
    for (const profile of PROFILES) expect(evidence(text, profile).spans).toContainEqual(["no idea what", "hostility"]);
    // 1.6.0 scores it 0.62 (news); 1.5.0 scored 0.49, 1.4.0 0.54, 1.3.0 0.51, 1.2.0 0.46, 1.1.0 0.53.
    const news = evidence(text, "news").score.incivility;
    expect(news).toBeGreaterThan(0.4);
    expect(news).toBeGreaterThan(evidence(text, "default").score.incivility);
    expect(news).toBeGreaterThan(3 * evidence("I disagree with the author, the figures in the third paragraph look wrong.", "news").score.incivility);
  });
});

describe("long comments", () => {
  // Civil argument of the kind a long reader comment holds, about 230 words.
  const argument = Array.from({ length: 12 }, (_, i) =>
    `Point ${i + 1}: the council's budget figures for the harbour project deserve a closer look, since the costs have risen each year.`,
  ).join(" ");

  it.each(PROFILES)("flag a clear insult at the end of a long civil argument, as they do in a short one (%s)", (profile) => {
    const insult = "You are a fucking moron.";
    const engine = builtinEngine(profile);
    expect(engine.score(insult).incivility).toBeGreaterThan(0.9);
    expect(engine.score(`${argument} ${insult}`).incivility).toBeGreaterThan(0.8);
    expect(engine.score(`${insult} ${argument}`).incivility).toBeGreaterThan(0.8);
    // The argument alone stays civil.
    expect(engine.score(argument).incivility).toBeLessThan(0.5);
  });
});
