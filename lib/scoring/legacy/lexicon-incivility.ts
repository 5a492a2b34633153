import type { Attribute, EvidenceSpan } from "../types";
import { escapeRegExp } from "../text/spans";

type Entry = { term: string; weight: number };

// A hand-written baseline lexicon. Terms are whole words or phrases; a trailing
// `*` matches any word ending (e.g. "stupid*" → stupidity). Weights are the
// probability that one occurrence alone makes a comment uncivil.
const LEXICON: Record<Exclude<Attribute, "shouting">, Entry[]> = {
  insult: [
    { term: "idiot*", weight: 0.75 },
    { term: "moron*", weight: 0.8 },
    { term: "imbecile*", weight: 0.8 },
    { term: "cretin*", weight: 0.8 },
    { term: "stupid*", weight: 0.6 },
    { term: "dumb", weight: 0.55 },
    { term: "fool", weight: 0.5 },
    { term: "fools", weight: 0.5 },
    { term: "clown*", weight: 0.5 },
    { term: "loser*", weight: 0.55 },
    { term: "halfwit*", weight: 0.75 },
    { term: "nitwit*", weight: 0.7 },
    { term: "scum*", weight: 0.8 },
    { term: "liar*", weight: 0.55 },
    { term: "hypocrite*", weight: 0.5 },
    { term: "coward*", weight: 0.5 },
    { term: "troll*", weight: 0.45 },
    { term: "jerk*", weight: 0.55 },
    { term: "ignorant", weight: 0.45 },
    { term: "arrogant", weight: 0.35 },
    { term: "pathetic", weight: 0.45 },
    { term: "brainwashed", weight: 0.5 },
    { term: "shill*", weight: 0.5 },
    { term: "bully-boy", weight: 0.35 },
  ],
  profanity: [
    { term: "fuck*", weight: 0.85 },
    { term: "shit*", weight: 0.7 },
    { term: "bullshit", weight: 0.7 },
    { term: "crap*", weight: 0.45 },
    { term: "bastard*", weight: 0.75 },
    { term: "bitch*", weight: 0.8 },
    { term: "asshole*", weight: 0.85 },
    { term: "arse*", weight: 0.5 },
    { term: "damn*", weight: 0.3 },
    { term: "piss*", weight: 0.5 },
    { term: "wtf", weight: 0.5 },
  ],
  threat: [
    { term: "kill you", weight: 0.9 },
    { term: "hope you die", weight: 0.9 },
    { term: "deserve to die", weight: 0.85 },
    { term: "should be shot", weight: 0.9 },
    { term: "should be hanged", weight: 0.9 },
    { term: "watch your back", weight: 0.8 },
    { term: "beat you", weight: 0.7 },
    { term: "hunt you down", weight: 0.9 },
    { term: "find where you live", weight: 0.85 },
    { term: "you will pay", weight: 0.5 },
  ],
  identityAttack: [
    { term: "subhuman*", weight: 0.85 },
    { term: "vermin", weight: 0.7 },
    { term: "go back to your country", weight: 0.85 },
    { term: "your kind", weight: 0.5 },
    { term: "these people", weight: 0.25 },
    { term: "savages", weight: 0.7 },
    { term: "inferior race*", weight: 0.9 },
  ],
  hostility: [
    { term: "shut up", weight: 0.6 },
    { term: "get lost", weight: 0.55 },
    { term: "nobody cares", weight: 0.5 },
    { term: "who cares", weight: 0.3 },
    { term: "total ignorance", weight: 0.5 },
    { term: "clueless", weight: 0.45 },
    { term: "nonsense", weight: 0.3 },
    { term: "garbage", weight: 0.4 },
    { term: "laughable", weight: 0.35 },
    { term: "ridiculous", weight: 0.3 },
    { term: "what a joke", weight: 0.45 },
    { term: "you people", weight: 0.45 },
    { term: "get a life", weight: 0.5 },
    { term: "grow up", weight: 0.4 },
    { term: "insulting", weight: 0.3 },
  ],
};

type CompiledAttribute = { attribute: Attribute; pattern: RegExp; weights: Map<string, number>; wildcards: Entry[] };

function compile(attribute: Attribute, entries: Entry[]): CompiledAttribute {
  const alternatives = entries.map((e) =>
    e.term.endsWith("*") ? `${escapeRegExp(e.term.slice(0, -1))}[\\p{L}]*` : escapeRegExp(e.term),
  );
  return {
    attribute,
    pattern: new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives.join("|")})(?![\\p{L}\\p{N}_])`, "giu"),
    weights: new Map(entries.filter((e) => !e.term.endsWith("*")).map((e) => [e.term, e.weight])),
    wildcards: entries.filter((e) => e.term.endsWith("*")),
  };
}

const COMPILED = (Object.entries(LEXICON) as [Exclude<Attribute, "shouting">, Entry[]][]).map(([a, e]) => compile(a, e));

function weightOf(compiled: CompiledAttribute, matched: string): number {
  const lower = matched.toLowerCase();
  const exact = compiled.weights.get(lower);
  if (exact !== undefined) return exact;
  const wildcard = compiled.wildcards.find((e) => lower.startsWith(e.term.slice(0, -1)));
  return wildcard?.weight ?? 0;
}

/** Shouting: most letters of a long enough comment in capitals. Bounded so capitals alone never flag. */
function shouting(text: string): { score: number; spans: EvidenceSpan[] } {
  const letters = text.match(/\p{L}/gu) ?? [];
  if (letters.length < 12) return { score: 0, spans: [] };
  const upper = letters.filter((c) => c !== c.toLowerCase()).length;
  const ratio = upper / letters.length;
  if (ratio < 0.7) return { score: 0, spans: [] };
  const score = Math.min(0.45, (ratio - 0.6) * 1.1);
  const spans: EvidenceSpan[] = [];
  for (const m of text.matchAll(/\b\p{Lu}{3,}(?:[\s\p{P}]+\p{Lu}{2,})*\b/gu)) {
    spans.push({ start: m.index, end: m.index + m[0].length, attribute: "shouting", weight: score });
  }
  return { score, spans };
}

/** Noisy-OR: the chance that at least one piece of evidence holds. */
function noisyOr(weights: number[]): number {
  return 1 - weights.reduce((acc, w) => acc * (1 - w), 1);
}

/** Lexicon baseline: attribute scores, overall probability and evidence spans. */
export function scoreIncivilityLexicon(text: string): {
  probability: number;
  attributes: Record<Attribute, number>;
  spans: EvidenceSpan[];
} {
  const spans: EvidenceSpan[] = [];
  const attributes = { insult: 0, profanity: 0, threat: 0, identityAttack: 0, hostility: 0, shouting: 0 };
  for (const compiled of COMPILED) {
    const weights: number[] = [];
    for (const match of text.matchAll(compiled.pattern)) {
      const weight = weightOf(compiled, match[0]);
      weights.push(weight);
      spans.push({ start: match.index, end: match.index + match[0].length, attribute: compiled.attribute, weight });
    }
    attributes[compiled.attribute] = noisyOr(weights);
  }
  const shout = shouting(text);
  attributes.shouting = shout.score;
  spans.push(...shout.spans);
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  return { probability: noisyOr(Object.values(attributes)), attributes, spans };
}
