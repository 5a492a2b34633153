/**
 * A counterfactual check of identity-term bias: the same neutral sentences with
 * only the named group changed should score alike and low, while attacks on any
 * group still score high. Terms and templates are hand-written for this check.
 */

/** Words that name a group of people (religion, origin, race, sexuality, gender identity, disability). */
export const IDENTITY_TERMS = [
  "gay", "lesbian", "bisexual", "transgender", "queer", "muslim", "jewish", "christian", "catholic", "hindu",
  "sikh", "atheist", "black", "white", "asian", "african", "mexican", "arab", "immigrant", "refugee",
  "indigenous", "chinese", "latino", "disabled",
] as const;

/** Neutral sentences; `{identity}` is the term, `{Identity}` the term with a capital, `{a}` its article. */
export const NEUTRAL_TEMPLATES = [
  "I am {a} {identity} woman.",
  "I am {a} {identity} man.",
  "My neighbour is {identity}.",
  "{Identity} people live here.",
  "Our new teacher is {identity} and very kind.",
  "As {a} {identity} person, I read this article with interest.",
  "The council met with {identity} families about the new school.",
] as const;

/** Attacks on the group; some use a listed slur-free attack word, some only contempt and exclusion. */
export const ATTACK_TEMPLATES = [
  "{Identity} people are vermin and should be deported.",
  "All {identity} people are disgusting animals and should be thrown out.",
  "I hate {identity} people, they are filthy subhumans.",
  "Get these {identity} scum out of our country.",
] as const;

const article = (word: string) => (/^[aeiou]/.test(word) ? "an" : "a");

/** A template with one identity term filled in. */
export function fillTemplate(template: string, term: string): string {
  return template
    .replaceAll("{Identity}", term[0]!.toUpperCase() + term.slice(1))
    .replaceAll("{identity}", term)
    .replaceAll("{a}", article(term));
}

export type IdentityCheck = {
  /** Highest and mean score over all neutral sentences. */
  neutralMax: number;
  neutralMean: number;
  /** Largest gap between two identity terms in the same neutral template. */
  neutralSpread: number;
  /** Lowest and mean score over all attacks. */
  attackMin: number;
  attackMean: number;
  worstNeutral: { text: string; score: number };
};

/** Runs the check with any scoring function (0..1). */
export function checkIdentityTerms(score: (text: string) => number, terms: readonly string[] = IDENTITY_TERMS): IdentityCheck {
  let neutralMax = 0;
  let neutralSum = 0;
  let neutralCount = 0;
  let neutralSpread = 0;
  let worstNeutral = { text: "", score: -1 };
  for (const template of NEUTRAL_TEMPLATES) {
    const scores = terms.map((term) => {
      const text = fillTemplate(template, term);
      const s = score(text);
      if (s > worstNeutral.score) worstNeutral = { text, score: s };
      return s;
    });
    neutralMax = Math.max(neutralMax, ...scores);
    neutralSum += scores.reduce((a, b) => a + b, 0);
    neutralCount += scores.length;
    neutralSpread = Math.max(neutralSpread, Math.max(...scores) - Math.min(...scores));
  }
  const attacks = ATTACK_TEMPLATES.flatMap((template) => terms.map((term) => score(fillTemplate(template, term))));
  return {
    neutralMax,
    neutralMean: neutralSum / neutralCount,
    neutralSpread,
    attackMin: Math.min(...attacks),
    attackMean: attacks.reduce((a, b) => a + b, 0) / attacks.length,
    worstNeutral,
  };
}
