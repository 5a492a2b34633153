import { hasStretch } from "../text/letters";
import type { Token } from "../text/tokenize";
import { ATTRIBUTE_TERMS, type LexiconAttribute } from "./lexicon-terms";

export type { LexiconAttribute };
export const LEXICON_ATTRIBUTES = Object.keys(ATTRIBUTE_TERMS) as LexiconAttribute[];

/** One lexicon hit: tokens [first, last] of the text, inclusive. */
export type LexiconMatch = { first: number; last: number; attribute: LexiconAttribute; weight: number };

type Entry = { attribute: LexiconAttribute; weight: number };
type WordTest = { word: string; prefix: boolean };
type Phrase = Entry & { words: WordTest[] };

const wordTest = (w: string): WordTest => (w.endsWith("*") ? { word: w.slice(0, -1), prefix: true } : { word: w, prefix: false });
const passes = (t: WordTest, norm: string | undefined) => norm !== undefined && (t.prefix ? norm.startsWith(t.word) : norm === t.word);

/** Lookup tables compiled once from the term lists. */
class CompiledLexicon {
  readonly exact = new Map<string, Entry>();
  /** Wildcard words keyed by their first three letters. */
  readonly prefixes = new Map<string, (Entry & { prefix: string })[]>();
  readonly phrases = new Map<string, Phrase[]>();

  constructor(terms: typeof ATTRIBUTE_TERMS) {
    for (const attribute of LEXICON_ATTRIBUTES) {
      for (const [term, weight] of Object.entries(terms[attribute])) {
        const entry = { attribute, weight };
        if (term.includes(" ")) {
          const words = term.split(" ").map(wordTest);
          if (words[0]!.prefix) throw new Error(`lexicon phrase "${term}" cannot start with a wildcard`);
          const key = words[0]!.word;
          this.phrases.set(key, [...(this.phrases.get(key) ?? []), { ...entry, words }].sort((a, b) => b.words.length - a.words.length));
        } else if (term.endsWith("*")) {
          const prefix = term.slice(0, -1);
          if (prefix.length < 3) throw new Error(`lexicon wildcard "${term}" needs at least three letters`);
          const key = prefix.slice(0, 3);
          this.prefixes.set(key, [...(this.prefixes.get(key) ?? []), { ...entry, prefix }].sort((a, b) => b.prefix.length - a.prefix.length));
        } else this.exact.set(term, entry);
      }
    }
  }

  word(norm: string): Entry | undefined {
    const found = this.listed(norm);
    if (found || !hasStretch(norm)) return found;
    // Stretched words ("stuuupid", "fuuuck"): try the runs at one and at two letters.
    return this.listed(norm.replace(/(.)\1+/gu, "$1")) ?? this.listed(norm.replace(/(.)\1{2,}/gu, "$1$1"));
  }

  private listed(norm: string): Entry | undefined {
    return this.exact.get(norm) ?? this.prefixes.get(norm.slice(0, 3))?.find((p) => norm.startsWith(p.prefix));
  }
}

const LEXICON = new CompiledLexicon(ATTRIBUTE_TERMS);

/**
 * Finds lexicon words and phrases among the tokens (words only; marks break
 * phrases). The longest phrase starting at a word wins; words inside a phrase are
 * not matched again on their own.
 */
export function matchLexicon(tokens: readonly Token[]): LexiconMatch[] {
  const matches: LexiconMatch[] = [];
  let coveredUntil = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== "word") continue;
    const phrases = LEXICON.phrases.get(t.norm) ?? [];
    const phrase = phrases.find((p) => p.words.every((w, k) => tokens[i + k]?.kind === "word" && passes(w, tokens[i + k]!.norm)));
    if (phrase) {
      const last = i + phrase.words.length - 1;
      matches.push({ first: i, last, attribute: phrase.attribute, weight: phrase.weight });
      coveredUntil = Math.max(coveredUntil, last);
      continue;
    }
    if (i <= coveredUntil) continue;
    const entry = LEXICON.word(t.norm);
    if (entry) matches.push({ first: i, last: i, ...entry });
  }
  return matches;
}

/** Noisy-OR of the match weights per attribute: the chance that at least one hit holds. */
export function lexiconScores(matches: readonly LexiconMatch[]): Record<LexiconAttribute, number> {
  const keep = { insult: 1, profanity: 1, threat: 1, identityAttack: 1, hostility: 1 };
  for (const m of matches) keep[m.attribute] *= 1 - m.weight;
  return {
    insult: 1 - keep.insult,
    profanity: 1 - keep.profanity,
    threat: 1 - keep.threat,
    identityAttack: 1 - keep.identityAttack,
    hostility: 1 - keep.hostility,
  };
}

/** The attribute a single word belongs to in the lexicon, if any (used when training). */
export function lexiconAttributeOf(norm: string): LexiconAttribute | undefined {
  return LEXICON.word(norm)?.attribute;
}
