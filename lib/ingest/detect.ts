export const FORMATS = ["text"] as const;
export type Format = (typeof FORMATS)[number];

/** Recognises a file's format from its name and first bytes. */
export function detectFormat(fileName: string, head: string): Format | { unsupported: string } {
  const start = head.replace(/^\uFEFF/, "").trimStart().slice(0, 2000).toLowerCase();
  if (start.startsWith("<?xml") || start.startsWith("<disqus") || start.startsWith("<rss")) {
    return { unsupported: "XML exports (Disqus, WordPress WXR)" };
  }
  if (start.startsWith("<!doctype html") || start.startsWith("<html")) return { unsupported: "saved HTML pages" };
  if (/\.(csv|jsonl|ndjson|json)$/i.test(fileName)) return { unsupported: "CSV and JSON files" };
  return "text";
}
