const WORD = /[\p{L}\p{N}_]/u;
/** How many of the most recent distinct commenters an `@` prefix or suffix is matched against. */
const RECENT_NAMES = 1000;

/**
 * Earlier commenters' normalized names, found in a comment's text by hash
 * lookups instead of one regular expression per name, so the work per comment
 * grows with its own length, not with the number of commenters before it.
 * Names shorter than 3 characters are never matched (too easily a word).
 */
export class NameIndex {
  /** Name → order of first appearance: equally long names rank by who came first. */
  private readonly rank = new Map<string, number>();
  /** Every prefix of a name that ends where the name has a word boundary: a walk stops at the first miss. */
  private readonly prefixes = new Set<string>();
  private readonly recent = new Map<string, true>();
  private longest = 0;

  /** Whether the character (code point) at `i` is a letter, digit or underscore. */
  static isWordAt(text: string, i: number): boolean {
    const code = text.codePointAt(i);
    return code !== undefined && WORD.test(String.fromCodePoint(code));
  }

  /** Whether the character (code point) ending just before `i` is a letter, digit or underscore. */
  static isWordBefore(text: string, i: number): boolean {
    if (i <= 0) return false;
    const low = text.charCodeAt(i - 1);
    const at = low >= 0xdc00 && low <= 0xdfff && i >= 2 ? i - 2 : i - 1;
    return NameIndex.isWordAt(text, at);
  }

  add(name: string): void {
    if (name.length < 3) return;
    this.recent.delete(name);
    this.recent.set(name, true);
    if (this.recent.size > RECENT_NAMES) this.recent.delete(this.recent.keys().next().value!);
    if (this.rank.has(name)) return;
    this.rank.set(name, this.rank.size);
    this.longest = Math.max(this.longest, name.length);
    for (let j = 1; j <= name.length; j++) if (j === name.length || !NameIndex.isWordAt(name, j)) this.prefixes.add(name.slice(0, j));
  }

  /** Names that occur in `text` starting at `start` and ending at a word boundary. */
  *wordsAt(text: string, start: number): Generator<string> {
    const stop = Math.min(text.length, start + this.longest);
    for (let end = start + 1; end <= stop; end++) {
      if (end < text.length && NameIndex.isWordAt(text, end)) continue;
      const candidate = text.slice(start, end);
      if (!this.prefixes.has(candidate)) return;
      if (this.rank.has(candidate)) yield candidate;
    }
  }

  /** The best name for an `@target`: one the target starts with, or one that starts or ends with the target. */
  bestRelated(target: string, self: string | null): string | null {
    const found = new Set<string>();
    for (let j = 3; j <= target.length; j++) {
      const prefix = target.slice(0, j);
      if (this.rank.has(prefix)) found.add(prefix);
    }
    for (const name of this.recent.keys()) if (name.startsWith(target) || name.endsWith(target)) found.add(name);
    found.delete(self ?? "");
    return this.best(found);
  }

  /** The longest of the names, the earliest seen among equally long ones. */
  best(names: Iterable<string>): string | null {
    let winner: string | null = null;
    for (const name of names) {
      if (
        winner === null ||
        name.length > winner.length ||
        (name.length === winner.length && this.rank.get(name)! < this.rank.get(winner)!)
      ) {
        winner = name;
      }
    }
    return winner;
  }
}
