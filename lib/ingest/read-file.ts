import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import zlib from "node:zlib";
import { ImportRejection } from "./types";
import { LIMITS, limitMessages, nulLine } from "./limits";

/** Expands files and folders (recursively, sorted) into the list of files to import. */
export async function expandPaths(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    const stat = await fsp.stat(p).catch(() => null);
    if (!stat) throw new ImportRejection(p, 0, "no such file or folder");
    if (stat.isDirectory()) {
      const entries = (await fsp.readdir(p, { withFileTypes: true }))
        .filter((e) => !e.name.startsWith("."))
        .sort((a, b) => a.name.localeCompare(b.name));
      files.push(...(await expandPaths(entries.map((e) => path.join(p, e.name)))));
    } else files.push(p);
  }
  return files;
}

/** Offset of the first undecodable byte, found by bisection over prefixes; null when every byte decodes. */
function firstInvalidByte(bytes: Uint8Array, encoding: string): number | null {
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  return lo < bytes.length ? lo : null;
}

/**
 * Line (1-based) of a byte offset, given the line the bytes start on. In UTF-16 a newline is a
 * whole code unit: a 0x0A byte is also half of Ċ (U+010A), ਊ (U+0A0A) or 上 (U+4E0A).
 */
function lineOfByte(bytes: Uint8Array, offset: number, lineBefore: number, encoding = "utf-8"): number {
  let line = lineBefore;
  if (isUtf16(encoding)) {
    // `bytes` start on a code unit; the units wholly before `offset` count.
    const low = encoding === "utf-16le" ? 0 : 1;
    for (let i = 0; i + 2 <= offset; i += 2) if (bytes[i + low] === 0x0a && bytes[i + 1 - low] === 0) line++;
    return line;
  }
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

const isUtf16 = (encoding: string) => encoding === "utf-16le" || encoding === "utf-16be";

/**
 * The bytes a streaming UTF-16 decoder still holds after `held` and then `bytes` were fed to it
 * (`held` starting on a code unit): an odd byte, after a high surrogate waiting for its pair.
 * Counting lines of a later chunk starts from them, so code units stay whole.
 */
function utf16Held(held: Uint8Array, bytes: Uint8Array, encoding: string): Buffer {
  const at = (k: number) => (k < held.length ? held[k]! : bytes[k - held.length]!);
  const length = held.length + bytes.length;
  const boundary = length - (length % 2);
  let from = boundary;
  if (boundary >= 2) {
    const high = encoding === "utf-16le" ? at(boundary - 1) : at(boundary - 2);
    if (high >= 0xd8 && high <= 0xdb) from = boundary - 2;
  }
  return Buffer.from(Array.from({ length: length - from }, (_, i) => at(from + i)));
}

function encodingMessage(encoding: string): string {
  return encoding === "utf-8"
    ? "the file is not valid UTF-8 text (wrong encoding or a binary file)"
    : `the file is not valid ${encoding} text (it declares that encoding)`;
}

/** Decodes UTF-8 strictly, naming the line of the first invalid byte. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // Every prefix decodes: the text ends inside a character.
    const at = firstInvalidByte(bytes, "utf-8") ?? bytes.length;
    throw new ImportRejection(file, lineOfByte(bytes, at, 1), encodingMessage("utf-8"));
  }
}

/** Bytes read ahead to recognise a file's format and encoding. */
export const HEAD_BYTES = 16 * 1024;

/** The start of an HTML document: a doctype, <html> or <head> (after any comments, see afterComments). */
const HTML_START = /^<(?:!doctype\s+html|html|head)[\s>]/i;

/**
 * Where the text starts after leading whitespace and comments. A loop, not a pattern: one
 * pattern for "comments, then <html>" tried its ways of splitting a run of comments one by one when
 * no <html> followed, doubling the time with each comment (40 empty ones held a server for hours).
 */
function afterComments(text: string): number {
  let at = 0;
  for (;;) {
    while (at < text.length && /\s/.test(text[at]!)) at++;
    if (!text.startsWith("<!--", at)) return at;
    const end = text.indexOf("-->", at + 4);
    if (end < 0) return at;
    at = end + 3;
  }
}

/**
 * The text encoding of a file from its first bytes: a byte-order mark, an XML
 * declaration at the very start, or the meta charset in an HTML document's head; UTF-8
 * otherwise. A meta tag elsewhere (quoted in a CSV value or a text page) says nothing.
 */
export function sniffEncoding(head: Uint8Array, file: string): string {
  if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  // A byte-order mark outranks any declaration (WHATWG "decode"): editors add it when saving as UTF-8.
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf-8";
  const ascii = Buffer.from(head.subarray(0, 4096)).toString("latin1");
  const headSection = HTML_START.test(ascii.slice(afterComments(ascii))) ? ascii.split(/<\/head\s*>|<body[\s>]/i, 1)[0]! : "";
  const declared =
    ascii.match(/^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i)?.[1] ??
    headSection.match(/<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i)?.[1];
  if (!declared) return "utf-8";
  let encoding: string;
  try {
    encoding = new TextDecoder(declared.toLowerCase()).encoding;
  } catch {
    throw new ImportRejection(file, 1, `the file declares the text encoding "${declared}", which is not supported`);
  }
  // The declaration was just read as ASCII, so the file is not UTF-16 (which has no BOM here):
  // browsers read such a page as UTF-8, and so does the XML spec's detection.
  return encoding.startsWith("utf-16") ? "utf-8" : encoding;
}

export type TextInput = {
  /** The path on disk. */
  file: string;
  /** The name formats are recognised by: the file name without a `.gz` suffix. */
  name: string;
  size: number;
  mtime: Date;
  gzip: boolean;
  encoding: string;
  /** The first decoded characters (16 KB of bytes, or the whole file), for format detection. */
  head: string;
  /** Raw (possibly compressed) bytes read so far: drives progress. */
  bytesRead: () => number;
  /** The whole decoded text in chunks, head included; can be iterated once. */
  chunks: () => AsyncGenerator<string>;
  /** The whole text at once, for formats that are small by nature; refuses files over `limit` bytes. */
  readAll: (limit: number, what: string) => Promise<string>;
  close: () => void;
};

/**
 * Opens a file for streaming import: gunzips when it starts with the gzip magic
 * bytes, decodes strictly (reporting the line of the first invalid byte) and
 * reads ahead only far enough to recognise the format, so memory stays flat
 * whatever the file's size.
 */
export async function openTextInput(file: string): Promise<TextInput> {
  const stat = await fsp.stat(file);
  const handle = await fsp.open(file, "r");
  const magic = Buffer.alloc(2);
  await handle.read(magic, 0, 2, 0);
  await handle.close();
  const gzip = magic[0] === 0x1f && magic[1] === 0x8b;

  let raw = 0;
  const rawStream = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  let byteStream: NodeJS.ReadableStream = rawStream;
  if (gzip) {
    const gunzip = zlib.createGunzip();
    // pipe() already consumes the raw stream, so counting its chunks loses nothing.
    rawStream.on("data", (chunk) => (raw += chunk.length));
    rawStream.on("error", (err) => gunzip.destroy(err));
    byteStream = rawStream.pipe(gunzip);
  }
  const iterator = (byteStream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  let lineBefore = 1;
  // Unpacking is bounded by the file's size, so a gzip bomb is refused early instead of parsed for hours.
  const unpackLimit = Math.max(LIMITS.gunzipFloorBytes, LIMITS.gunzipRatio * stat.size);
  let unpacked = 0;
  const nextBytes = async (): Promise<Buffer | null> => {
    let bytes: Buffer;
    try {
      const { value, done } = await iterator.next();
      if (done) return null;
      bytes = value;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new ImportRejection(file, lineBefore, gzip ? `the gzip data is damaged (${reason})` : `the file cannot be read (${reason})`);
    }
    if (!gzip) raw += bytes.length;
    else if ((unpacked += bytes.length) > unpackLimit) {
      rawStream.destroy();
      throw new ImportRejection(file, lineBefore, limitMessages.gunzip(unpackLimit));
    }
    return bytes;
  };

  const close = () => {
    rawStream.destroy();
    if (byteStream !== rawStream) (byteStream as zlib.Gunzip).destroy();
  };

  // Read ahead for detection and the encoding, keeping the bytes to decode later.
  const readHead = async (): Promise<Buffer> => {
    const pending: Buffer[] = [];
    let pendingSize = 0;
    while (pendingSize < HEAD_BYTES) {
      const bytes = await nextBytes();
      if (!bytes) break;
      pending.push(bytes);
      pendingSize += bytes.length;
    }
    return Buffer.concat(pending);
  };

  let encoding = "utf-8";
  let decoder = new TextDecoder(encoding, { fatal: true });
  let held: Uint8Array = Buffer.alloc(0);
  const decode = (bytes: Buffer, final: boolean): string => {
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: !final });
    } catch {
      if (isUtf16(encoding)) {
        // Searched from the bytes the decoder held, so that code units are read whole.
        const all = Buffer.concat([held, bytes]);
        const at = firstInvalidByte(all, encoding);
        throw new ImportRejection(file, at === null ? lineBefore : lineOfByte(all, at, lineBefore, encoding), encodingMessage(encoding));
      }
      // The decoder carried the start of a character over from the previous chunk; its last
      // bytes (UTF-8 continuation bytes) begin this one and are not the fault.
      let carried = 0;
      if (encoding === "utf-8") while (carried < 3 && (bytes[carried]! & 0xc0) === 0x80) carried++;
      const rest = bytes.subarray(carried);
      // Nothing wrong in this chunk: the fault is the character the previous one ended inside.
      const at = firstInvalidByte(rest, encoding);
      throw new ImportRejection(file, at === null ? lineBefore : lineOfByte(rest, at, lineBefore), encodingMessage(encoding));
    }
    if (isUtf16(encoding)) held = utf16Held(held, bytes, encoding);
    const nul = nulLine(text, lineBefore);
    if (nul !== null) throw new ImportRejection(file, nul, limitMessages.nul(encoding));
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineBefore++;
    return text;
  };

  let head: string;
  try {
    const headBytes = await readHead();
    encoding = sniffEncoding(headBytes, file);
    decoder = new TextDecoder(encoding, { fatal: true });
    head = decode(headBytes, false);
  } catch (err) {
    // The caller gets no input to close: the file would stay open for good.
    close();
    throw err;
  }
  let consumed = false;

  async function* chunks(): AsyncGenerator<string> {
    if (consumed) throw new Error("a text input can be read only once");
    consumed = true;
    if (head) yield head;
    for (;;) {
      const bytes = await nextBytes();
      if (!bytes) break;
      const text = decode(bytes, false);
      if (text) yield text;
    }
    const tail = decode(Buffer.alloc(0), true);
    if (tail) yield tail;
  }

  return {
    file,
    name: file.replace(/\.gz$/i, ""),
    size: stat.size,
    mtime: stat.mtime,
    gzip,
    encoding,
    head,
    bytesRead: () => raw,
    chunks,
    readAll: async (limit, what) => {
      const parts: string[] = [];
      let length = 0;
      for await (const chunk of chunks()) {
        length += chunk.length;
        if (length > limit) {
          throw new ImportRejection(file, lineBefore, `${what} larger than ${Math.round(limit / 1024 / 1024)} MB are not supported`);
        }
        parts.push(chunk);
      }
      return parts.join("");
    },
    close,
  };
}
