import { SaxesParser } from "saxes";
import { ImportRejection } from "./types";

/** A captured element: small subtrees only (one post, one comment), never the whole file. */
export type XmlNode = {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  /** Text content, CDATA sections joined (see `value`). */
  parts: { text: string; cdata: boolean }[];
  line: number;
};

/**
 * An element's text: CDATA sections and text joined in order. Whitespace-only text
 * around CDATA sections is layout (`<x>\n  <![CDATA[a]]>\n</x>` is "a"), while the
 * inside of a CDATA section is kept exactly; a `]]>` split over two sections
 * (`]]]]><![CDATA[>`) joins back into one.
 */
export function value(node: XmlNode | undefined): string {
  if (!node) return "";
  const hasCdata = node.parts.some((p) => p.cdata);
  if (!hasCdata) return node.parts.map((p) => p.text).join("");
  return node.parts
    .filter((p) => p.cdata || p.text.trim())
    .map((p) => p.text)
    .join("");
}

export function child(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}

/** Trimmed text of a child element, or "" when missing. */
export function field(node: XmlNode, name: string): string {
  return value(child(node, name)).trim();
}

export type XmlHandlers = {
  /** Whether to capture the element opening at this path (names of its ancestors and itself). */
  capture: (path: readonly string[]) => boolean;
  onCaptured: (node: XmlNode, path: readonly string[]) => void;
  onOpen?: (path: readonly string[], attrs: Record<string, string>, line: number) => void;
  onClose?: (path: readonly string[]) => void;
};

/** saxes' technical messages, said plainly. */
function plainReason(message: string, open: { name: string; line: number } | undefined): string {
  const m = message.replace(/^\d+:\d+: /, "");
  if (/text data outside of root node/.test(m)) return "there is text outside the root element (a stray character before or after the XML)";
  if (/XML declaration must be at the start/.test(m)) return "the XML declaration (<?xml …?>) is not at the very start of the file";
  if (/unquoted attribute value/.test(m)) return "an attribute value is not in quotes";
  if (/undefined entity/.test(m)) {
    return "an entity reference (&name;) that XML does not define; entities declared in a DTD or outside the file are never loaded";
  }
  if (/"\]\]>" is disallowed/.test(m)) return 'a stray "]]>" outside a CDATA section (a CDATA section ended early)';
  const unmatched = m.match(/unmatched closing tag: (.+?)\.?$/);
  if (unmatched) {
    return open
      ? `the closing tag </${unmatched[1]}> does not match the open element <${open.name}> from line ${open.line}`
      : `the closing tag </${unmatched[1]}> has no matching opening tag`;
  }
  if (/unclosed tag/.test(m)) {
    return open ? `the file ends before <${open.name}> (opened on line ${open.line}) is closed; is it cut short?` : "the file ends inside an element; is it cut short?";
  }
  if (/document must contain a root element/.test(m)) return "the file contains no XML element";
  return `the file is not well-formed XML (${m})`;
}

/**
 * Streams XML through saxes (no DTD processing: external entities are never
 * resolved) and hands over small captured subtrees. The first well-formedness
 * error rejects the file with its line. Leading whitespace and a byte-order mark
 * before the declaration are tolerated; reported lines still count them.
 */
export async function* readXml<T>(
  chunks: AsyncIterable<string>,
  file: string,
  handlers: XmlHandlers,
  drain: () => T[],
): AsyncGenerator<T> {
  const parser = new SaxesParser({ position: true });
  const path: string[] = [];
  const opened: { name: string; line: number }[] = [];
  let capturing: XmlNode[] = [];
  let lineOffset = 0;
  let started = false;

  parser.on("error", (err) => {
    const reason = plainReason(err.message, opened[opened.length - 1]);
    throw new ImportRejection(file, parser.line + lineOffset, reason);
  });
  parser.on("opentag", (tag) => {
    const line = parser.line + lineOffset;
    path.push(tag.name);
    opened.push({ name: tag.name, line });
    // Without xmlns processing, saxes gives attributes as plain strings.
    const attrs = tag.attributes as Record<string, string>;
    if (capturing.length) {
      const node: XmlNode = { name: tag.name, attrs, children: [], parts: [], line };
      capturing[capturing.length - 1]!.children.push(node);
      capturing.push(node);
    } else if (handlers.capture(path)) {
      capturing = [{ name: tag.name, attrs, children: [], parts: [], line }];
    } else handlers.onOpen?.(path, attrs, line);
  });
  parser.on("closetag", () => {
    if (capturing.length) {
      const node = capturing.pop()!;
      if (!capturing.length) handlers.onCaptured(node, path);
    } else handlers.onClose?.(path);
    path.pop();
    opened.pop();
  });
  parser.on("text", (text) => {
    if (capturing.length) capturing[capturing.length - 1]!.parts.push({ text, cdata: false });
  });
  parser.on("cdata", (text) => {
    if (capturing.length) capturing[capturing.length - 1]!.parts.push({ text, cdata: true });
  });

  for await (let chunk of chunks) {
    if (!started) {
      // Whitespace or a BOM before `<?xml` is a common export quirk, not an error.
      const lead = chunk.match(/^[\uFEFF\s]*/)![0];
      if (lead.length === chunk.length) {
        lineOffset += lead.split("\n").length - 1;
        continue;
      }
      lineOffset += lead.split("\n").length - 1;
      chunk = chunk.slice(lead.length);
      started = true;
    }
    parser.write(chunk);
    yield* drain();
  }
  if (!started) throw new ImportRejection(file, 1, "the file is empty");
  parser.close();
  yield* drain();
}
