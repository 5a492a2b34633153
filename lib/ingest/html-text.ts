import { Parser } from "htmlparser2";

/**
 * How whitespace in the markup is read:
 *  - `html`: as a browser renders it (runs of spaces and newlines are one space;
 *    <p> separates paragraphs, <br> and other blocks break lines) — Disqus messages
 *    and saved pages;
 *  - `wordpress`: newlines are line breaks, as WordPress displays comment text
 *    (it stores plain text with optional tags) — WXR comment content.
 */
export type TextMode = "html" | "wordpress";

const PARAGRAPH = new Set(["p"]);
const LINE = new Set([
  "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt", "figcaption", "figure", "footer",
  "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "pre", "section", "summary", "table",
  "tr", "ul",
]);
const SKIPPED = new Set(["script", "style", "noscript", "template", "head", "title", "svg"]);
/** Classes WordPress (smilies, emoji) and Twemoji give the images that stand for a character. */
const EMOJI_CLASSES = new Set(["wp-smiley", "emoji"]);
const EMOJI_ALT = /^(?:\p{Extended_Pictographic}|\p{Regional_Indicator}|\p{Emoji_Modifier}|[\u200d\ufe0f\u20e3])+$/u;
const EMOTICON_ALT = /^[:;=][-o^']?[()DPpOo3|/\\[\]*$@]$/;

/**
 * The text an image stands for, when it is an emoji or smiley (its alt text, as a reader
 * copying the comment would get); other images say nothing.
 */
function emojiText(attribs: Record<string, string>): string | null {
  const alt = attribs.alt?.trim();
  if (!alt || alt.length > 16) return null;
  const classes = (attribs.class ?? "").split(/\s+/);
  return classes.some((c) => EMOJI_CLASSES.has(c)) || EMOJI_ALT.test(alt) || EMOTICON_ALT.test(alt) ? alt : null;
}

/**
 * The text built so far, as pieces: the converter only ever looks at or trims its end, and
 * doing that on one growing string rescanned (and flattened) all of it at every paragraph,
 * which made a long message of many paragraphs take minutes.
 */
class TextBuffer {
  private readonly parts: string[] = [];

  get empty(): boolean {
    return this.parts.length === 0;
  }

  push(text: string): void {
    if (text) this.parts.push(text);
  }

  endsWith(char: string): boolean {
    return this.parts.at(-1)?.endsWith(char) ?? false;
  }

  /** Drops the characters of `chars` from the end. */
  trimEnd(chars: string): void {
    while (this.parts.length) {
      const last = this.parts.at(-1)!;
      let k = last.length;
      while (k > 0 && chars.includes(last[k - 1]!)) k--;
      if (k > 0) {
        this.parts[this.parts.length - 1] = last.slice(0, k);
        return;
      }
      this.parts.pop();
    }
  }

  /** How many times `char` repeats at the end. */
  trailing(char: string): number {
    let n = 0;
    for (let p = this.parts.length - 1; p >= 0; p--) {
      const part = this.parts[p]!;
      let k = part.length;
      while (k > 0 && part[k - 1] === char) k--;
      n += part.length - k;
      if (k > 0) break;
    }
    return n;
  }

  toString(): string {
    return this.parts.join("");
  }
}

/**
 * Plain text of an HTML fragment: tags dropped, entities decoded, characters
 * otherwise exact (backslashes, scripts, emoji). The original HTML is kept
 * next to the text by the importers.
 */
export function htmlToText(html: string, mode: TextMode = "html"): string {
  if (!/[<&]/.test(html)) {
    return mode === "html" ? html.replace(/[ \t\n\r\f]+/g, " ").trim() : html.replace(/\r\n?/g, "\n").trim();
  }
  const out = new TextBuffer();
  let pending = 0;
  let skip = 0;
  let pre = 0;
  const breakAt = (level: number) => {
    if (!out.empty) pending = Math.max(pending, level);
  };
  const addText = (raw: string) => {
    if (skip) return;
    if (mode === "wordpress" || pre > 0) {
      let text = raw.replace(/\r\n?/g, "\n");
      if (out.empty) text = text.replace(/^[ \t\n]+/, "");
      else if (pending) {
        // Newlines right after a block or <br> are the same break, not another one.
        const lead = text.match(/^[ \t\n]*/)![0];
        const want = Math.max(pending, Math.min(2, lead.split("\n").length - 1));
        text = text.slice(lead.length);
        if (!text) {
          pending = want;
          return;
        }
        out.trimEnd(" \t");
        out.push("\n".repeat(Math.max(0, want - out.trailing("\n"))));
        pending = 0;
      }
      out.push(text);
      return;
    }
    let text = raw.replace(/[ \t\n\r\f]+/g, " ");
    if (out.empty || pending || out.endsWith("\n") || out.endsWith(" ")) text = text.replace(/^ +/, "");
    if (!text) return;
    if (pending) {
      out.trimEnd(" ");
      out.push(pending >= 2 ? "\n\n" : "\n");
      pending = 0;
    }
    out.push(text);
  };
  let brEnd = -2;
  const lineBreak = () => {
    // htmlparser2 reads "</br>" as another <br>, as browsers do; right after a <br> it is that
    // one's end tag (how cheerio writes the saved pages' HTML), not a second break.
    const closesPrevious = html.startsWith("</", parser.startIndex) && parser.startIndex === brEnd + 1;
    brEnd = parser.endIndex;
    // Two <br>s in a row leave an empty line, as a paragraph does; more add nothing.
    if (!closesPrevious) breakAt(Math.min(2, pending + 1));
  };
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (SKIPPED.has(name)) skip++;
        if (name === "pre") pre++;
        if (name === "br") lineBreak();
        else if (PARAGRAPH.has(name)) breakAt(2);
        else if (LINE.has(name)) breakAt(1);
        else if (name === "img") {
          const emoji = emojiText(attribs);
          if (emoji) addText(emoji);
        }
      },
      onclosetag(name) {
        if (SKIPPED.has(name)) skip = Math.max(0, skip - 1);
        if (name === "pre") pre = Math.max(0, pre - 1);
        if (PARAGRAPH.has(name)) breakAt(2);
        else if (LINE.has(name)) breakAt(1);
      },
      ontext(raw) {
        addText(raw);
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return out.toString().trim();
}
