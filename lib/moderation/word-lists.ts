import { z } from "zod";
import type { Pool, PoolClient } from "pg";
import { inTransaction, pool } from "@/lib/db";
import { MAX_TERMS } from "./constants";

export const WORD_LIST_KINDS = ["banned", "suspect"] as const;
/** Letters or digits a wildcard term must spell out ("sh*t", "idio*"). */
const MIN_WILDCARD_LETTERS = 3;
/**
 * Characters one "*" stands for, at most. Unbounded, a term with several wildcards made the
 * regular expression try every way of splitting a long word between them: one 20,000-letter
 * "word" in a comment held the process for seconds per term. Bounded, each try is a few
 * hundred steps; a masked or inflected word is far shorter.
 */
const WILDCARD_CHARS = 24;
/** Wildcards in one term, at most (each multiplies the ways a word can be split). */
const MAX_WILDCARDS = 3;
export type WordListKind = (typeof WORD_LIST_KINDS)[number];

/**
 * A word or phrase; `*` inside or at the end of a word matches up to 24 letters (e.g. "idio*", "sh*t").
 * Letters after a word's first also match a typed "*" ("fuck" matches "f*ck"), and so does a wildcard.
 */
export const termSchema = z
  // Invisible characters go before the checks: "\u200ba" is the one-letter term "a", not two characters.
  .preprocess((v) => (typeof v === "string" ? comparable(v) : v), z.string())
  .pipe(z.string().trim().toLowerCase()
  // No maxLength on the field: the browser would cut a pasted term silently; this says so instead.
  .max(80, "at most 80 characters")
  // One character is a word in Chinese, Japanese or Thai; elsewhere it matches too much.
  .refine((t) => [...t].length >= 2 || (t.length > 0 && UNSPACED.test(t)), "at least two characters")
  .refine((t) => /[\p{L}\p{N}]/u.test(t.replace(/\*/g, "")), "needs letters or digits besides *")
  .refine((t) => (t.match(/\*/g)?.length ?? 0) <= MAX_WILDCARDS, `at most ${MAX_WILDCARDS} wildcards (*)`)
  // "a*" would match every word that starts with "a": a banned term like that rejects most comments.
  .refine((t) => !t.includes("*") || (t.match(/[\p{L}\p{N}]/gu)?.length ?? 0) >= MIN_WILDCARD_LETTERS, {
    message: `a term with "*" needs at least ${MIN_WILDCARD_LETTERS} letters or digits besides the wildcards (shorter ones match too many words)`,
  })
  // Stored as it is compared: "İstanbul" and "istanbul", or an accent typed apart, are one term.
  .transform((t) => comparable(t)));

export type WordLists = Record<WordListKind, string[]>;
type Client = Pool | PoolClient;

export async function getWordLists(client: Client = pool): Promise<WordLists> {
  const { rows } = await client.query<{ kind: WordListKind; term: string }>(
    "SELECT kind, term FROM word_list_term ORDER BY term",
  );
  return {
    banned: rows.filter((r) => r.kind === "banned").map((r) => r.term),
    suspect: rows.filter((r) => r.kind === "suspect").map((r) => r.term),
  };
}

/**
 * Adds a term to a list. Returns what happened: added, already on that list, or refused
 * because the other list has it (a term is either banned or suspect, not both).
 */
export async function addTerm(kind: WordListKind, term: string, client?: PoolClient): Promise<"added" | "present" | "other-list" | "full"> {
  const clean = termSchema.parse(term);
  const add = async (c: PoolClient) => {
    // Two admins adding one term to both lists at once take turns, so it lands on one list only.
    await c.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [TERM_LOCK_CLASS, clean]);
    const { rows } = await c.query<{ kind: WordListKind }>("SELECT kind FROM word_list_term WHERE term = $1", [clean]);
    if (rows.some((r) => r.kind === kind)) return "present" as const;
    if (rows.length) return "other-list" as const;
    // And admins adding different terms to one list take turns for its size: both could pass a count of 999.
    await c.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [LIST_LOCK_CLASS, kind]);
    const { rows: size } = await c.query<{ n: number }>("SELECT count(*)::int AS n FROM word_list_term WHERE kind = $1", [kind]);
    if (size[0]!.n >= MAX_TERMS) return "full" as const;
    await c.query("INSERT INTO word_list_term (kind, term) VALUES ($1, $2) ON CONFLICT DO NOTHING", [kind, clean]);
    return "added" as const;
  };
  return client ? add(client) : inTransaction(add);
}

/** Advisory lock class of word-list terms (the second key is the term's hash). */
const TERM_LOCK_CLASS = 72_611_300;
/** Advisory lock class of a whole list, for its size (the second key is the list's hash). */
const LIST_LOCK_CLASS = 72_611_301;

/** Removes a term as listed; false when the list did not have it (another admin removed it first). */
export async function removeTerm(kind: WordListKind, term: string, client: Client = pool): Promise<boolean> {
  const { rowCount } = await client.query("DELETE FROM word_list_term WHERE kind = $1 AND term = $2", [kind, term]);
  return rowCount === 1;
}

/** Scripts written without spaces between words: a term in them is found inside a run of letters. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;

function termPattern(term: string): string {
  // After a leading wildcard ("*hole") the first letter must be typed: masked, every letter could be
  // a "*", and the term would match a row of stars ("Five stars: *****").
  const parts = term.split("*");
  return parts.map((part, i) => literalPattern(part, parts.slice(0, i).every((p) => p === ""))).join(`[\\p{L}\\p{M}\\p{N}*]{0,${WILDCARD_CHARS}}`);
}

/**
 * A literal piece of a term. Each letter after a word's first may also be typed as "*",
 * as commenters mask words to get past filters: "fuck" also matches "f*ck" and "f**k".
 */
function literalPattern(text: string, startsWord: boolean): string {
  let pattern = "";
  let first = startsWord;
  for (const ch of text) {
    if (/\s/u.test(ch)) {
      if (!pattern.endsWith("\\s+")) pattern += "\\s+";
      first = true;
      continue;
    }
    pattern += !first && /\p{L}/u.test(ch) ? `[${ch}*]` : ch.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
    first = false;
  }
  return pattern;
}

/**
 * Compiles a list into one case-insensitive matcher of whole words; null for an empty list.
 * Terms in scripts written without spaces (Chinese, Japanese, Thai) match inside words too.
 */
export function compileWordList(terms: readonly string[]): RegExp | null {
  if (!terms.length) return null;
  const patterns = terms.map((t) => comparable(t));
  const spaced = patterns.filter((t) => !UNSPACED.test(t)).map(termPattern);
  const unspaced = patterns.filter((t) => UNSPACED.test(t)).map(termPattern);
  const alternatives = [
    // Marks count as part of a word: in Hindi or Arabic its vowel signs are marks ("बम" is not in "बमुश्किल").
    ...(spaced.length ? [`(?<![\\p{L}\\p{M}\\p{N}_])(?:${spaced.join("|")})(?![\\p{L}\\p{M}\\p{N}_])`] : []),
    ...(unspaced.length ? [`(?:${unspaced.join("|")})`] : []),
  ];
  return new RegExp(alternatives.join("|"), "giu");
}

/**
 * Text as terms are compared with it: compatibility forms folded and accents composed (NFKC:
 * full-width "ｆｕｃｋ", the ligature in "ﬁsh" and "café" typed as e + U+0301 are the plain
 * words), the dot that lower-casing puts over a Turkish capital İ dropped ("İstanbul" is
 * "istanbul"), curly apostrophes as straight ones (phones type "don’t"), any run of spaces as
 * one (a non-breaking space pasted from a document, a tab), and invisible characters that split
 * a word without showing (zero-width spaces and joiners) taken out.
 */
function comparable(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/\s+/gu, " ")
    .replace(/İ/g, "I")
    .replace(/i\u0307/g, "i")
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    // Invisible characters typed or pasted inside a word: zero-width spaces and joiners, the
    // word joiner and invisible operators, the byte-order mark, the soft hyphen and the combining grapheme joiner.
    .replace(/[\u00ad\u034f\u200b-\u200d\u2060-\u2064\ufeff]/g, "");
}

/** The terms of a compiled list found in a text, in order, lower-cased and de-duplicated. */
export function matchWordList(pattern: RegExp | null, text: string): string[] {
  if (!pattern) return [];
  return [...new Set([...comparable(text).matchAll(pattern)].map((m) => m[0].toLowerCase()))];
}
