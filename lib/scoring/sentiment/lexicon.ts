import languageProcessor from "sentiment/lib/language-processor.js";
import { lexicon as vaderLexicon } from "vader-sentiment/src/vader_lexicon.js";
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
 * VADER's lexicon (Hutto & Gilbert 2014; mean of ten raters, -4..4), words and
 * multi-word phrases only: its emoticons are left to EMOTICONS and the `sentiment`
 * package. 4,570 of its 7,217 words are not in AFINN, much of the vocabulary of
 * news prose among them ("relief", "horror", "unfortunately").
 */
const VADER: ReadonlyMap<string, number> = new Map(
  Object.entries(vaderLexicon).filter(([entry, valence]) => valence !== 0 && /^[a-z][a-z'-]*(?: [a-z][a-z'-]*)*$/.test(entry)),
);
/** VADER's -4..4 onto AFINN's -5..5. */
const VADER_TO_AFINN = 5 / 4;

/**
 * The sentiment lexicon: AFINN-165 and emoji from the `sentiment` package, then the
 * hand-written editorial words and emoticons, then VADER's words (when `vader` is
 * given), then the word-vector extension for words none of those list (its values
 * already shrunk at training time).
 *
 * With `vader`, a word both AFINN and VADER rate gets the mean of the two ratings
 * (AFINN's is one person's whole number, VADER's a mean of ten: together less noisy),
 * and a word only VADER rates gets its rating times `vader`, the weight calibration
 * chose (many such words are milder or other-sensed in news prose: "party", "credit").
 */
export function buildSentimentLexicon(extension: Readonly<Record<string, number>> = {}, options: { vader?: number } = {}): SentimentLexicon {
  const words = new Map<string, number>();
  for (const [word, valence] of Object.entries(extension)) words.set(word, valence);
  const listed = new Map([...AFINN, ...Object.entries(EDITORIAL_WORDS)]);
  for (const [word, valence] of listed) {
    for (const form of derivedForms(word)) if (!listed.has(form)) words.set(form, valence);
  }
  const vader = options.vader === undefined ? new Map<string, number>() : VADER;
  // Rated words take precedence over forms derived from other words.
  for (const [word, valence] of vader) if (!listed.has(word)) words.set(word, valence * VADER_TO_AFINN * options.vader!);
  for (const [word, valence] of listed) words.set(word, valence);
  for (const [word, valence] of vader) {
    const afinn = AFINN.get(word);
    if (afinn !== undefined && !(word in EDITORIAL_WORDS)) words.set(word, (afinn + valence * VADER_TO_AFINN) / 2);
  }
  for (const [emoticon, valence] of EMOTICONS) words.set(emoticon, valence);
  for (const word of NEUTRALIZED) words.delete(word);
  const derived = new Set(
    Object.keys(extension).filter((w) => words.get(w) === extension[w] && !listed.has(w) && !vader.has(w) && !EMOTICONS.has(w)),
  );
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
