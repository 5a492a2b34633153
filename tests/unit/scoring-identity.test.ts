import { describe, expect, it } from "vitest";
import { builtinEngine } from "@/lib/scoring/builtin";
import { ATTACK_TEMPLATES, checkIdentityTerms, fillTemplate, IDENTITY_TERMS, NEUTRAL_TEMPLATES } from "@/lib/scoring/eval/identity";
import { PROFILES } from "@/lib/scoring";

describe("identity templates", () => {
  it("fill in the term, its capital and its article", () => {
    expect(fillTemplate("I am {a} {identity} woman.", "immigrant")).toBe("I am an immigrant woman.");
    expect(fillTemplate("{Identity} people live here.", "gay")).toBe("Gay people live here.");
  });

  it("summarise the worst neutral sentence, the spread and the weakest attack", () => {
    // A made-up scorer that reacts to one term only.
    const check = checkIdentityTerms((text) => (text.includes("vermin") ? 0.9 : text.toLowerCase().includes("sikh") ? 0.6 : 0.1), ["gay", "sikh"]);
    expect(check.neutralMax).toBeCloseTo(0.6);
    expect(check.neutralSpread).toBeCloseTo(0.5);
    expect(check.attackMin).toBeCloseTo(0.1);
    expect(check.worstNeutral.text).toMatch(/sikh/i);
  });
});

describe.each(PROFILES)("identity-term bias (%s profile)", (profile) => {
  const engine = builtinEngine(profile);
  const score = (text: string) => engine.score(text).incivility;

  it("scores neutral sentences that name a group low, whichever group", () => {
    const check = checkIdentityTerms(score);
    expect(check.neutralMax, check.worstNeutral.text).toBeLessThan(0.3);
    // The same sentence about another group moves the score by little.
    expect(check.neutralSpread).toBeLessThan(0.05);
    expect(score("I am a gay Muslim woman.")).toBeLessThan(0.2);
  });

  it("never shows a group's name as evidence in a neutral sentence", () => {
    for (const template of NEUTRAL_TEMPLATES) {
      for (const term of IDENTITY_TERMS) {
        const text = fillTemplate(template, term);
        const spans = engine.score(text).spans.filter((s) => s.attribute !== "sentiment");
        expect(spans.map((s) => text.slice(s.start, s.end)), text).toEqual([]);
      }
    }
  });

  it("still flags attacks on every group", () => {
    for (const template of ATTACK_TEMPLATES) {
      for (const term of IDENTITY_TERMS) {
        const text = fillTemplate(template, term);
        expect(score(text), text).toBeGreaterThanOrEqual(0.5);
      }
    }
    const attack = engine.score("Muslims are vermin, go back where you came from.");
    expect(attack.attributes.identityAttack).toBeGreaterThan(0.5);
  });
});
