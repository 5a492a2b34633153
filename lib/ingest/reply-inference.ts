/**
 * Reply inference for flattened threads (saved pages lose Disqus/WordPress nesting).
 * A comment becomes a reply only on evidence, strongest first:
 *  1. it quotes a passage of an earlier comment (the quoted comment, preferring the @named author's);
 *  2. it starts with `@Name` of an earlier commenter;
 *  3. it addresses an earlier commenter by name: at the start ("Kestrel you are right…",
 *     "BTW Kestrel"), after a thanks/agreement ("Thank you Night_Owl"), or
 *     names a multi-word commenter anywhere.
 * The target is the most recent earlier comment by that author. Otherwise: top level.
 *
 * Names are looked up in tries of the earlier commenters' names, so the work per
 * comment depends on its own length, not on how many commenters came before: a
 * page with thousands of comments costs thousands of steps, not millions.
 */
import { NameIndex } from "./name-index";

export type FlatComment = { author: string | null; body: string };

const MIN_QUOTE = 20;
/** A quotation is looked for among this many comments before it, and only a comment's first few count. */
const QUOTE_WINDOW = 500;
const QUOTES_CHECKED = 10;
/**
 * Characters of earlier comments searched for one comment's quotations, at most. Real replies
 * quote a recent comment, found within a few thousand characters; a page of long comments full
 * of quotes that match nothing would otherwise cost seconds of searching (an upload is imported
 * in the web server, whose other requests would wait).
 */
const QUOTE_SEARCH_CHARS = 2_000_000;
const LEAD_INS = ["btw", "hi", "hey", "dear", "well", "ok", "okay", "yes", "no", "re", "sorry"];
const ADDRESS_CUES = ["thank you", "thanks", "agree with", "disagree with", "reply to", "replying to", "@"];

export function normalizeName(name: string): string {
  return name
    .toLowerCase()
    .replace(/^(mr|mrs|ms|dr|prof)\.?\s+/, "")
    .replace(/[^\p{L}\p{N}_.\s-]/gu, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** Passages the comment quotes: text inside typographic or straight double quotes. */
function quotedPassages(body: string): string[] {
  const passages: string[] = [];
  for (const m of body.matchAll(/[“"”]([^“”"]{10,})[”"“]/g)) {
    const passage = m[1]!.trim();
    if (passage.length >= MIN_QUOTE) passages.push(passage);
    if (passages.length === QUOTES_CHECKED) break;
  }
  return passages;
}

function squash(s: string): string {
  return s.toLowerCase().replace(/\s+/g, " ").trim();
}

/** Where a name may start in the normalized text: at the start, after a lead-in, after an address cue. */
function addressStarts(text: string): number[] {
  const starts = [0];
  for (const lead of LEAD_INS) if (text.startsWith(`${lead} `)) starts.push(lead.length + 1);
  for (const cue of ADDRESS_CUES) {
    for (let at = text.indexOf(cue); at >= 0; at = text.indexOf(cue, at + 1)) {
      if (text[at + cue.length] === " ") starts.push(at + cue.length + 1);
    }
  }
  return starts;
}

/** The earlier commenter this body addresses, by normalized name, or null. */
function mentionedAuthor(body: string, names: NameIndex, self: string | null): string | null {
  const text = normalizeName(body.slice(0, 600));
  const atMention = body.match(/^@\s*([^\n]{1,60})/);
  const target = atMention ? normalizeName(atMention[1]!) : "";
  // "@!!!" or "@😂" normalise to nothing, which every name starts with: they name no one (nor does one letter).
  if (target.length >= 2) {
    const hit = names.bestRelated(target, self);
    if (hit) return hit;
  }
  const found = new Set<string>();
  for (const start of addressStarts(text)) for (const name of names.wordsAt(text, start)) found.add(name);
  // A full multi-word name is distinctive enough anywhere in the comment.
  for (let start = 0; start < text.length; start++) {
    if (NameIndex.isWordBefore(text, start)) continue;
    for (const name of names.wordsAt(text, start)) if (name.includes(" ")) found.add(name);
  }
  found.delete(self ?? "");
  return names.best(found);
}

/** Returns, for each comment, the index of its inferred parent or null. */
export function inferReplies(comments: readonly FlatComment[]): (number | null)[] {
  const names = new NameIndex();
  const authors = comments.map((c) => (c.author ? normalizeName(c.author) : null));
  const squashed: string[] = [];
  const latestBy = new Map<string, number>();
  const parents: (number | null)[] = [];

  let budget = 0;
  const quoted = (index: number, needle: string, test: (i: number) => boolean): number | null => {
    for (let i = index - 1; i >= Math.max(0, index - QUOTE_WINDOW) && budget > 0; i--) {
      if (!test(i)) continue;
      const earlier = (squashed[i] ??= squash(comments[i]!.body));
      budget -= earlier.length;
      if (earlier.includes(needle)) return i;
    }
    return null;
  };

  comments.forEach((comment, index) => {
    const self = authors[index]!;
    const body = comment.body.trim();
    let parent: number | null = null;
    if (body) {
      budget = QUOTE_SEARCH_CHARS;
      const mentioned = mentionedAuthor(body, names, self);
      for (const passage of quotedPassages(body)) {
        const needle = squash(passage);
        const preferred = mentioned ? quoted(index, needle, (i) => authors[i] === mentioned) : null;
        parent = preferred ?? quoted(index, needle, (i) => comments[i]!.author !== comment.author);
        if (parent !== null) break;
      }
      if (parent === null && mentioned) parent = latestBy.get(mentioned) ?? null;
    }
    parents.push(parent);
    if (self) {
      latestBy.set(self, index);
      names.add(self);
    }
  });
  return parents;
}
