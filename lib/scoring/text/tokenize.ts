import { unmask } from "./masked";

/**
 * What a token is: words carry lexicon and model weight; marks steer the sentiment
 * rules; links and @mentions are kept apart so addresses and handles never count as words.
 */
export type TokenKind = "word" | "emoji" | "emoticon" | "mark" | "link" | "mention";

/** A piece of the scored text. `start`/`end` are UTF-16 offsets into the original text. */
export type Token = {
  start: number;
  end: number;
  /** Lower-cased, typographic apostrophes made straight. */
  norm: string;
  kind: TokenKind;
};

// Words keep inner hyphens and apostrophes ("world-class", "don't") so lexicon entries
// match whole; emoticons need a non-word neighbour so "x:D" inside URLs stays out.
const tokenPattern = (word: string) =>
  new RegExp(
    String.raw`((?:https?:\/\/|www\.)[^\s<>"]+)|(@[\p{L}\p{M}\p{N}_]+)|(${word}[\p{L}\p{M}\p{N}]+(?:[-'’][\p{L}\p{M}\p{N}]+)*)|(\p{Extended_Pictographic}(?:\u200d\p{Extended_Pictographic})*)|((?<![\p{L}\p{N}])(?:[:;=][-^']?[)(\][DPpOo/\\|*3]|<3)(?![\p{L}\p{N}]))|([.,;:!?…]+)`,
    "gu",
  );
const TOKEN = tokenPattern("");
// Texts with an asterisk also read masked words ("f*ck", "a**hole", "sh**") whole; the
// extra alternative costs a few per cent on every word, so other texts skip it.
const TOKEN_WITH_MASKS = tokenPattern(String.raw`\p{L}+(?:\*+\p{L}+)+|\p{L}+\*{2,}|`);

/**
 * Splits a text into words, emoji, emoticons and clause marks with their offsets.
 * One regular-expression pass; lower-casing is done once for the whole text when
 * that keeps offsets (it does for everything but a few letters such as "İ").
 */
export function tokenize(text: string): Token[] {
  const lowered = text.toLowerCase();
  const source = lowered.length === text.length ? lowered : null;
  const tokens: Token[] = [];
  const pattern = text.includes("*") ? TOKEN_WITH_MASKS : TOKEN;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    const kind: TokenKind =
      m[1] !== undefined ? "link" : m[2] !== undefined ? "mention" : m[3] !== undefined ? "word" : m[4] !== undefined ? "emoji" : m[5] !== undefined ? "emoticon" : "mark";
    let norm = kind === "word" ? (source ? source.slice(start, end) : m[0].toLowerCase()) : m[0];
    if (kind === "word" && norm.includes("*")) {
      const word = unmask(norm);
      if (word !== null) tokens.push({ start, end, norm: word, kind });
      // Not a masked word we know ("Neo*Con"): its letter runs are words of their own.
      else for (const part of m[0].matchAll(/\p{L}+/gu)) tokens.push({ start: start + part.index, end: start + part.index + part[0].length, norm: part[0].toLowerCase(), kind });
      continue;
    }
    if (kind === "word" && norm.includes("’")) norm = norm.replaceAll("’", "'");
    tokens.push({ start, end, norm, kind });
  }
  return tokens;
}

/** True when a word is written in capitals (at least two letters, none lower-case). */
export function isCapitalized(text: string, token: Token): boolean {
  if (token.end - token.start < 2) return false;
  const word = text.slice(token.start, token.end);
  return word !== word.toLowerCase() && word === word.toUpperCase();
}
