import { unknownColumns } from "./records";

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

/** The first line as a JSON object, when it is one. */
function firstLineObject(head: string): Record<string, unknown> | null {
  const line = head.split(/\r?\n/, 1)[0]!.trim();
  if (!line.startsWith("{")) return null;
  try {
    const value: unknown = JSON.parse(line);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Commento's export: an object with "comments" and "commenters" lists at its top. An empty export
 * has no commentHex to go by, and on one line it parses as a JSON line (one without a sourceId).
 */
function isCommento(start: string): boolean {
  if (!start.startsWith("{")) return false;
  if (/"commentHex"\s*:/.test(start) && /"commenters"\s*:|"comments"\s*:/.test(start)) return true;
  const first = firstLineObject(start);
  if (first) return Array.isArray(first.comments) || Array.isArray(first.commenters);
  // Pretty-printed, the top-level keys start lines of their own (a JSON line's values never do).
  return /^\s*"(?:comments|commenters)"\s*:\s*\[/m.test(start);
}

const COLUMN_NAME = /^[A-Za-z_][\w.-]*$/;
const isImportColumn = (name: string) => unknownColumns([name]).length === 0;

/**
 * What the first line says as a header: "import" when it names only the import's columns, a
 * sourceId among them (as our CSV export writes it); "columns" when it is a row of column names,
 * two or more of them the import's (the CSV parser then names any it lacks); "tabs" when such
 * names are separated by tabs.
 */
function headerKind(start: string): "import" | "columns" | "tabs" | null {
  const first = start.split(/\r?\n/, 1)[0]!;
  const names = (separator: string) => first.split(separator).map((n) => n.trim().replace(/^"(.*)"$/, "$1").trim());
  const isHeader = (list: string[]) => list.length >= 2 && list.every((n) => COLUMN_NAME.test(n)) && list.filter(isImportColumn).length >= 2;
  const comma = names(",");
  if (isHeader(comma)) return comma.every(isImportColumn) && comma.includes("sourceId") ? "import" : "columns";
  return isHeader(names("\t")) ? "tabs" : null;
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
  // says text, unless it opens as an HTML document does (a page saved under the wrong name), or as a
  // CSV of the import's own columns does (spreadsheets offer .txt for CSV), which no headline does.
  if (ext === "txt") {
    if (/^<!doctype\s+html[\s>]/i.test(start)) return "html";
    return headerKind(start) === "import" ? "csv" : "text";
  }

  if (start.startsWith("<") || ext === "xml") {
    const root = rootName(start);
    const format = markupFormat(start, root);
    if (format) return format;
    if (root) {
      return {
        unsupported: `an XML file whose root element is <${root}>: neither a Disqus export (<disqus>) nor a WordPress export (<rss> with wp: elements)`,
      };
    }
    if (ext === "xml") return { unsupported: "a file named .xml that does not start like XML" };
  }

  if (start.startsWith("{") || start.startsWith("[") || ext === "json") {
    if (isCommento(start)) return "commento";
    if (start.startsWith("[") && /"comments"\s*:\s*\[/.test(start) && /"(?:title|id)"\s*:/.test(start)) return "isso";
    if (firstLineObject(start)) return "jsonl";
    return { unsupported: "a JSON file that is neither JSON lines (one record per line) nor a Commento or isso export" };
  }

  // Any other name: only the content can say what the file is. Saved pages are named .txt, so an
  // unknown file is refused rather than imported as a page with no comments.
  const header = headerKind(start);
  if (header === "import" || header === "columns") return "csv";
  if (header === "tabs") return { unsupported: "a file of tab-separated values (the importer reads CSV, whose values are separated by commas)" };
  const shown = fileName.match(/\.([^./\\]+)$/)?.[1];
  return {
    unsupported: `${shown ? `a .${shown} file` : "a file without an extension"} that is not XML, JSON, JSON lines or a CSV with the import's header row (a saved text page must be named .txt)`,
  };
}
