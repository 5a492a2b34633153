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

/**
 * Plain text of an HTML fragment: tags dropped, entities decoded, characters
 * otherwise exact (backslashes, scripts, emoji). The original HTML is kept
 * next to the text by the importers.
 */
export function htmlToText(html: string, mode: TextMode = "html"): string {
  if (!/[<&]/.test(html)) {
    return mode === "html" ? html.replace(/[ \t\n\r\f]+/g, " ").trim() : html.replace(/\r\n?/g, "\n").trim();
  }
  let out = "";
  let pending = 0;
  let skip = 0;
  let pre = 0;
  const breakAt = (level: number) => {
    if (out) pending = Math.max(pending, level);
  };
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIPPED.has(name)) skip++;
        if (name === "pre") pre++;
        if (name === "br") breakAt(1);
        else if (PARAGRAPH.has(name)) breakAt(2);
        else if (LINE.has(name)) breakAt(1);
      },
      onclosetag(name) {
        if (SKIPPED.has(name)) skip = Math.max(0, skip - 1);
        if (name === "pre") pre = Math.max(0, pre - 1);
        if (PARAGRAPH.has(name)) breakAt(2);
        else if (LINE.has(name)) breakAt(1);
      },
      ontext(raw) {
        if (skip) return;
        if (mode === "wordpress" || pre > 0) {
          let text = raw.replace(/\r\n?/g, "\n");
          if (!out) text = text.replace(/^[ \t\n]+/, "");
          else if (pending) {
            // Newlines right after a block or <br> are the same break, not another one.
            const lead = text.match(/^[ \t\n]*/)![0];
            const want = Math.max(pending, Math.min(2, lead.split("\n").length - 1));
            text = text.slice(lead.length);
            if (!text) {
              pending = want;
              return;
            }
            out = out.replace(/[ \t]+$/, "");
            out += "\n".repeat(Math.max(0, want - out.match(/\n*$/)![0].length));
            pending = 0;
          }
          out += text;
          return;
        }
        let text = raw.replace(/[ \t\n\r\f]+/g, " ");
        if (!out || pending || out.endsWith("\n") || out.endsWith(" ")) text = text.replace(/^ +/, "");
        if (!text) return;
        if (pending) {
          out = out.replace(/ +$/, "") + (pending >= 2 ? "\n\n" : "\n");
          pending = 0;
        }
        out += text;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return out.trim();
}
