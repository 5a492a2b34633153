import languageProcessor from "sentiment/lib/language-processor.js";
import { EDITORIAL_WORDS, EMOTICONS, NEUTRALIZED } from "./rules";

/** Valence per word or phrase on AFINN's -5..5 scale, with where each came from. */
export type SentimentLexicon = {
  words: ReadonlyMap<string, number>;
  /** Multi-word entries keyed by their first word, longest first. */
  phrases: ReadonlyMap<string, readonly { words: readonly string[]; valence: number }[]>;
  /** Words whose valence comes from the word-vector extension alone. */
  derived: ReadonlySet<string>;
};

// Copied once at load: the package merges `extras` into this shared object on every call.
const AFINN: ReadonlyMap<string, number> = new Map(Object.entries(languageProcessor.getLabels("en")));

/**
 * The sentiment lexicon: AFINN-165 and emoji from the `sentiment` package, then the
 * hand-written editorial words and emoticons, then the word-vector extension for
 * words none of those list (its values already shrunk at training time).
 */
export function buildSentimentLexicon(extension: Readonly<Record<string, number>> = {}): SentimentLexicon {
  const words = new Map<string, number>();
  for (const [word, valence] of Object.entries(extension)) words.set(word, valence);
  const listed = new Map([...AFINN, ...Object.entries(EDITORIAL_WORDS)]);
  for (const [word, valence] of listed) {
    for (const form of derivedForms(word)) if (!listed.has(form)) words.set(form, valence);
  }
  for (const [word, valence] of listed) words.set(word, valence);
  for (const [emoticon, valence] of EMOTICONS) words.set(emoticon, valence);
  for (const word of NEUTRALIZED) words.delete(word);
  const derived = new Set(Object.keys(extension).filter((w) => words.get(w) === extension[w] && !listed.has(w) && !EMOTICONS.has(w)));
  const phrases = new Map<string, { words: string[]; valence: number }[]>();
  for (const [entry, valence] of words) {
    if (!entry.includes(" ")) continue;
    words.delete(entry);
    const parts = entry.split(" ");
    const list = phrases.get(parts[0]!) ?? [];
    list.push({ words: parts, valence });
    list.sort((a, b) => b.words.length - a.words.length);
    phrases.set(parts[0]!, list);
  }
  return { words, phrases, derived };
}

/** Adverbs and nouns AFINN leaves out: "painful" → "painfully", "rotten" → "rottenness". */
function derivedForms(word: string): string[] {
  if (word.length < 4 || !/^[a-z]+$/.test(word)) return [];
  if (word.endsWith("y")) return [`${word.slice(0, -1)}ily`, `${word.slice(0, -1)}iness`];
  if (word.endsWith("le")) return [`${word.slice(0, -1)}y`];
  if (word.endsWith("ly") || word.endsWith("ness")) return [];
  return [`${word}ly`, `${word}ness`];
}

/** AFINN-165 alone, for training the extension and for comparisons. */
export function afinnValences(): ReadonlyMap<string, number> {
  return AFINN;
}
