/**
 * Reply inference for flattened threads (saved pages lose Disqus/WordPress nesting).
 * A comment becomes a reply only on evidence, strongest first:
 *  1. it quotes a passage of an earlier comment (the quoted comment, preferring the @named author's);
 *  2. it starts with `@Name` of an earlier commenter;
 *  3. it addresses an earlier commenter by name: at the start ("Dominion you hit…",
 *     "BTW Observer"), after a thanks/agreement ("Thank you Born_In_Borneo"), or
 *     names a multi-word commenter anywhere.
 * The target is the most recent earlier comment by that author. Otherwise: top level.
 */

export type FlatComment = { author: string | null; body: string };

const MIN_QUOTE = 20;
const LEAD_INS = ["btw", "hi", "hey", "dear", "well", "ok", "okay", "yes", "no", "re", "sorry"];
const ADDRESS_CUES = ["thank you", "thanks", "agree with", "disagree with", "reply to", "replying to", "@"];

function normalizeName(name: string): string {
  return name
    .toLowerCase()
    .replace(/^(mr|mrs|ms|dr|prof)\.?\s+/, "")
    .replace(/[^\p{L}\p{N}_.\s-]/gu, "")
    .replace(/\s+/g, " ")
    .trim();
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Passages the comment quotes: text inside typographic or straight double quotes. */
function quotedPassages(body: string): string[] {
  const passages: string[] = [];
  for (const m of body.matchAll(/[“"”]([^“”"]{10,})[”"“]/g)) {
    const passage = m[1]!.trim();
    if (passage.length >= MIN_QUOTE) passages.push(passage);
  }
  return passages;
}

function squash(s: string): string {
  return s.toLowerCase().replace(/\s+/g, " ").trim();
}

/** Returns, for each comment, the index of its inferred parent or null. */
export function inferReplies(comments: readonly FlatComment[]): (number | null)[] {
  const parents: (number | null)[] = [];
  comments.forEach((comment, index) => {
    parents.push(inferParent(comments, index));
  });
  return parents;
}

function lastIndexBy(comments: readonly FlatComment[], before: number, test: (c: FlatComment) => boolean): number | null {
  for (let i = before - 1; i >= 0; i--) if (test(comments[i]!)) return i;
  return null;
}

function inferParent(comments: readonly FlatComment[], index: number): number | null {
  const self = comments[index]!;
  const selfName = self.author ? normalizeName(self.author) : null;
  const body = self.body.trim();
  if (!body) return null;
  const earlierAuthors = new Map<string, string>();
  for (let i = 0; i < index; i++) {
    const a = comments[i]!.author;
    if (a && normalizeName(a) !== selfName) earlierAuthors.set(normalizeName(a), a);
  }
  const byAuthor = (name: string) => (c: FlatComment) => !!c.author && normalizeName(c.author) === name;

  const mentioned = mentionedAuthor(body, [...earlierAuthors.keys()]);

  for (const passage of quotedPassages(body)) {
    const needle = squash(passage);
    const quotes = (c: FlatComment) => squash(c.body).includes(needle);
    const preferred = mentioned ? lastIndexBy(comments, index, (c) => byAuthor(mentioned)(c) && quotes(c)) : null;
    const found = preferred ?? lastIndexBy(comments, index, (c) => quotes(c) && c.author !== self.author);
    if (found !== null) return found;
  }
  return mentioned ? lastIndexBy(comments, index, byAuthor(mentioned)) : null;
}

/** The earlier commenter this body addresses, by normalized name, or null. */
function mentionedAuthor(body: string, names: string[]): string | null {
  const text = normalizeName(body.slice(0, 600));
  // Longest names first so "bernard wijeyasingha" wins over a shorter overlapping name.
  const sorted = [...names].filter((n) => n.length >= 3).sort((a, b) => b.length - a.length);
  const atMention = body.match(/^@\s*([^\n]{1,60})/);
  if (atMention) {
    const target = normalizeName(atMention[1]!);
    const hit = sorted.find((n) => target.startsWith(n) || n.endsWith(target) || n.startsWith(target));
    if (hit) return hit;
  }
  for (const name of sorted) {
    const word = `(?<![\\p{L}\\p{N}_])${escape(name)}(?![\\p{L}\\p{N}_])`;
    const lead = `^(?:(?:${LEAD_INS.join("|")})[,!\\s]+)?${word}`;
    const cue = `(?:${ADDRESS_CUES.map(escape).join("|")})[,\\s]+${word}`;
    if (new RegExp(lead, "u").test(text) || new RegExp(cue, "u").test(text)) return name;
    // A full multi-word name is distinctive enough anywhere in the comment.
    if (name.includes(" ") && new RegExp(word, "u").test(text)) return name;
  }
  return null;
}
