import { SaxesParser } from "saxes";
import { ImportRejection } from "./types";
import { LIMITS, limitMessages } from "./limits";

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

/** saxes' errors about an entity reference: it reads one from "&" up to the next ";", however far. */
const ENTITY_ERROR = /entity name|undefined entity|malformed character entity/;

/** An entity reference as written, cut to its first line and a few characters, for a message. */
function excerpt(reference: string): string {
  const line = reference.split(/\r\n?|\n/, 1)[0]!;
  return line.length > 30 || line.length < reference.length ? `${line.slice(0, 30)}…` : line;
}

function entityReason(m: string, reference: string | null): string {
  if (/undefined entity/.test(m)) {
    return `an entity reference (${reference ?? "&name;"}) that XML does not define; entities declared in a DTD or outside the file are never loaded`;
  }
  if (/malformed character entity/.test(m)) return `a malformed character reference (${reference ?? "&#…;"})`;
  const where = reference ? ` ("${excerpt(reference)}")` : "";
  return `an unescaped "&"${where}: a literal & must be written &amp; in XML`;
}

/** saxes 6 state of a parser inside an entity reference (`&…` before its `;`). */
const S_ENTITY = 14;

/**
 * The entity reference the file ends inside, "&" included, when it does: a bare "&" that no ";"
 * follows. Read from saxes' own state (checked, so another version of saxes only loses the better message).
 */
function unendedReference(parser: SaxesParser): string | null {
  const { state, entity } = parser as unknown as { state?: unknown; entity?: unknown };
  return state === S_ENTITY && typeof entity === "string" ? `&${entity}` : null;
}

/** saxes' technical messages, said plainly. */
function plainReason(message: string, open: { name: string; line: number } | undefined, reference: string | null): string {
  const m = message.replace(/^\d+:\d+: /, "");
  if (ENTITY_ERROR.test(m)) return entityReason(m, reference);
  if (/text data outside of root node/.test(m)) return "there is text outside the root element (a stray character before or after the XML)";
  if (/XML declaration must be at the start/.test(m)) return "the XML declaration (<?xml …?>) is not at the very start of the file";
  if (/unquoted attribute value/.test(m)) return "an attribute value is not in quotes";
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
  // saxes holds a token (text, CDATA, a tag with its attributes, a comment) whole until it ends:
  // the distance from the last event bounds what it holds, and a captured record is bounded too.
  let lastEvent = 0;
  let lastEventLine = 1;
  let captured = 0;
  const seen = () => {
    lastEvent = parser.position;
    lastEventLine = parser.line;
  };
  const capture = (chars: number) => {
    if ((captured += chars) > LIMITS.recordChars) {
      const top = capturing[0]!;
      throw new ImportRejection(file, top.line, limitMessages.record(`the <${top.name}> element opened on this line`));
    }
  };

  // The chunk being parsed and where it starts in the text: an entity error is raised at the
  // ";" that ends the reference, which for a bare "&" can be lines further on.
  let chunkText = "";
  let chunkStart = 0;
  /** The failing entity reference as written and the line it starts on, when it starts in this chunk. */
  const failedReference = (): { text: string; line: number } | null => {
    const end = parser.position - chunkStart;
    // The reference holds no ";" and no event came inside it: its "&" is the first after both.
    const semicolon = chunkText.lastIndexOf(";", end - 2);
    const from = Math.max(semicolon + 1, lastEvent - chunkStart, 0);
    if (semicolon < 0 && lastEvent < chunkStart) return null; // it may have begun in the chunk before
    const amp = chunkText.indexOf("&", from);
    if (amp < 0 || amp >= end) return null;
    const text = chunkText.slice(amp, end);
    return { text, line: parser.line - (text.match(/\r\n?|\n/g)?.length ?? 0) };
  };

  for (const event of ["comment", "doctype", "processinginstruction", "xmldecl"] as const) parser.on(event, seen);
  parser.on("error", (err) => {
    const reference = ENTITY_ERROR.test(err.message) ? failedReference() : null;
    const reason = plainReason(err.message, opened[opened.length - 1], reference?.text ?? null);
    // Only a bare "&" runs on past its line; without it in hand, the text holding it began after the last event.
    const line = reference?.line ?? (/disallowed character in entity name/.test(err.message) ? lastEventLine : parser.line);
    throw new ImportRejection(file, line + lineOffset, reason);
  });
  parser.on("opentag", (tag) => {
    seen();
    const line = parser.line + lineOffset;
    if (path.length >= LIMITS.xmlDepth) throw new ImportRejection(file, line, limitMessages.xmlDepth());
    path.push(tag.name);
    opened.push({ name: tag.name, line });
    // Without xmlns processing, saxes gives attributes as plain strings.
    const attrs = tag.attributes as Record<string, string>;
    if (capturing.length) {
      // Held with the record, attributes count as its text does: else long ones would pass the limit.
      capture(64 + attributeChars(attrs));
      const node: XmlNode = { name: tag.name, attrs, children: [], parts: [], line };
      capturing[capturing.length - 1]!.children.push(node);
      capturing.push(node);
    } else if (handlers.capture(path)) {
      capturing = [{ name: tag.name, attrs, children: [], parts: [], line }];
      captured = 0;
      capture(attributeChars(attrs));
    } else handlers.onOpen?.(path, attrs, line);
  });
  parser.on("closetag", () => {
    seen();
    if (capturing.length) {
      const node = capturing.pop()!;
      if (!capturing.length) handlers.onCaptured(node, path);
    } else handlers.onClose?.(path);
    path.pop();
    opened.pop();
  });
  const addText = (text: string, cdata: boolean) => {
    seen();
    const node = capturing[capturing.length - 1];
    if (!node) return;
    capture(text.length);
    node.parts.push({ text, cdata });
  };
  parser.on("text", (text) => addText(text, false));
  parser.on("cdata", (text) => addText(text, true));

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
    chunkText = chunk;
    parser.write(chunk);
    chunkStart += chunk.length;
    if (parser.position - lastEvent > LIMITS.recordChars) {
      throw new ImportRejection(file, lastEventLine + lineOffset, limitMessages.record("a single text, tag, comment or CDATA section starting on this line"));
    }
    yield* drain();
  }
  if (!started) throw new ImportRejection(file, 1, "the file is empty");
  const bare = unendedReference(parser);
  if (bare !== null) {
    // saxes reads an entity name from "&" to the next ";": with none left it would report only the elements left open.
    const line = parser.line + lineOffset - (bare.match(/\n/g)?.length ?? 0);
    throw new ImportRejection(file, line, entityReason("", bare));
  }
  parser.close();
  yield* drain();
}

/** Characters of an element's attribute names and values: what holding them costs. */
export function attributeChars(attrs: Record<string, string>): number {
  let chars = 0;
  for (const name in attrs) chars += name.length + attrs[name]!.length;
  return chars;
}
