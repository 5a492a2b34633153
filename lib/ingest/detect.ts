export const FORMATS = ["text", "disqus", "wxr", "html", "csv", "jsonl", "commento", "isso"] as const;
export type Format = (typeof FORMATS)[number];

export const FORMAT_LABELS: Record<Format, string> = {
  text: "saved text page",
  disqus: "Disqus XML export",
  wxr: "WordPress WXR export",
  html: "saved HTML page",
  csv: "CSV",
  jsonl: "JSON lines",
  commento: "Commento JSON export",
  isso: "isso JSON export",
};

// The prolog before the root element: declaration, comments, processing instructions, doctype.
const PROLOG = /^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!doctype[^>[]*(?:\[[\s\S]*?\])?\s*>)*/i;
const WP_NAMESPACE = /xmlns:[\w.-]+\s*=\s*["']https?:\/\/wordpress\.org\/export\/1\.\d+\/?["']/;

/** The root element's name, when the text starts like XML or HTML. */
function rootName(text: string): string | null {
  const rest = text.slice(PROLOG.exec(text)?.[0].length ?? 0);
  return rest.match(/^<([A-Za-z_][\w:.-]*)/)?.[1]?.toLowerCase() ?? null;
}

/** Which markup format the head looks like, even when junk precedes the root (the parser then reports it). */
function markupFormat(head: string, root: string | null): Format | null {
  if (root === "html" || /^\s*<!doctype html/i.test(head)) return "html";
  if (root === "disqus") return "disqus";
  if ((root === "rss" || root === "channel") && (WP_NAMESPACE.test(head) || /<wp:/.test(head))) return "wxr";
  if (root) return null;
  if (/<disqus[\s>]/.test(head)) return "disqus";
  if (/<rss[\s>]/.test(head) && WP_NAMESPACE.test(head)) return "wxr";
  if (/<html[\s>]/i.test(head)) return "html";
  return null;
}

function firstLineIsJsonObject(head: string): boolean {
  const line = head.split(/\r?\n/, 1)[0]!.trim();
  if (!line.startsWith("{")) return false;
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

/** Recognises a file's format from its name (without `.gz`) and first characters. */
export function detectFormat(fileName: string, head: string): Format | { unsupported: string } {
  const start = head.replace(/^\uFEFF/, "").trimStart();
  const lowerName = fileName.toLowerCase();
  const ext = lowerName.match(/\.([a-z0-9]+)$/)?.[1] ?? "";

  if (ext === "html" || ext === "htm") return "html";
  if (ext === "csv") return "csv";
  if (ext === "jsonl" || ext === "ndjson") return "jsonl";
  // A saved text page may well start with "<" (a headline quoting markup, "<html> turns 35"): its name
  // says text, unless it opens as an HTML document does (a page saved under the wrong name).
  if (ext === "txt") return /^<!doctype\s+html[\s>]/i.test(start) ? "html" : "text";

  if (start.startsWith("<") || ext === "xml") {
    const root = rootName(start);
    const format = markupFormat(start, root);
    if (format) return format;
    if (root) {
      return {
        unsupported: `an XML file whose root element is <${root}>: neither a Disqus export (<disqus>) nor a WordPress export (<rss> with wp: elements)`,
      };
    }
    return { unsupported: "a file named .xml that does not start like XML" };
  }

  if (start.startsWith("{") || start.startsWith("[") || ext === "json") {
    if (/"commentHex"\s*:/.test(start) && /"commenters"\s*:|"comments"\s*:/.test(start)) return "commento";
    if (start.startsWith("[") && /"comments"\s*:\s*\[/.test(start) && /"(?:title|id)"\s*:/.test(start)) return "isso";
    if (firstLineIsJsonObject(start)) return "jsonl";
    return { unsupported: "a JSON file that is neither JSON lines (one record per line) nor a Commento or isso export" };
  }
  return "text";
}
