import zlib from "node:zlib";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import type { Random } from "@/lib/demo/random";

/** One way of breaking a file; `name` goes into the report so a failure can be read back. */
export type Mutator = { name: string; apply: (bytes: Buffer, random: Random) => Buffer };

/** How much one mutation may add, so a chain of them stays a file of a few MB at most. */
const GROWTH = 8 * 1024 * 1024;

const at = (bytes: Buffer, random: Random) => random.int(0, bytes.length);
const splice = (bytes: Buffer, start: number, end: number, insert: Buffer | string = Buffer.alloc(0)) =>
  Buffer.concat([bytes.subarray(0, start), Buffer.isBuffer(insert) ? insert : Buffer.from(insert), bytes.subarray(end)]);

/** Characters and fragments that mean something to one of the parsers. */
const TOKENS = [
  "<", ">", "&", "&amp", "&#0;", "&#x110000;", "&nbsp;", "]]>", "<![CDATA[", "<!--", "-->", '"', "'", ",", "\n", "\r", "\r\n", "\t",
  "{", "}", "[", "]", "\\", "\\u0000", "\\ud800", "\uFEFF", "\u2028", "\u202E", "</post>", "<post>", "</wp:comment>", "<item>",
  "</li>", '<li class="comment depth-9">', "  • ", "    ", "  12. ", "4 responses to “x”", "<?xml version=\"1.0\"?>",
  '<!DOCTYPE x [<!ENTITY e "x">]>', "&e;", "\u0000", "null", "true", "1e999", '"sourceId":', "sourceId,body", "0000-00-00 00:00:00",
  "2024-02-30T10:00:00Z", "9999-12-31T23:59:59Z", "javascript:alert(1)", "<script>window.__xss=1</script>",
];

/** Values put in place of a real one: each breaks a rule of the import schema, a limit or the database. */
const POISON = [
  "\u0000", "a\u0000b", "\uD83D", "k".repeat(2_100), "x".repeat(1_000_010), "2024-13-45T99:99:99Z", "0000-00-00 00:00:00", "",
  " ", "\uFEFF", "\u202E", "javascript:alert(1)", "<script>window.__xss=1</script>", "&#0;", "&#xD800;", "-1", "1e309", "null",
];

/** A random leaf of a parsed JSON value replaced by `value`. */
function poisonJson(node: unknown, value: string, random: Random): unknown {
  if (node && typeof node === "object") {
    const keys = Object.keys(node);
    if (keys.length) {
      const key = random.pick(keys);
      (node as Record<string, unknown>)[key] = poisonJson((node as Record<string, unknown>)[key], value, random);
      return node;
    }
  }
  return value;
}

/**
 * Replaces one value and keeps the file's shape, so it still parses and the value
 * reaches the later checks (schema, limits, database): a field of a JSON line or a
 * CSV row (parsed and written back), the text of an XML or HTML element, or a line
 * of a saved text page.
 */
function poison(bytes: Buffer, random: Random): Buffer {
  const text = bytes.toString("utf8");
  const value = random.pick(POISON);
  const all = text.split("\n");
  const first = text.trimStart()[0];
  if (first === "{" || first === "[") {
    const i = random.int(0, all.length - 1);
    try {
      all[i] = JSON.stringify(poisonJson(JSON.parse(all[i]!), value, random));
      return Buffer.from(all.join("\n"));
    } catch {
      return bytes;
    }
  }
  if (first !== "<" && all[0]?.includes("sourceId")) {
    try {
      const rows = parse(text, { relax_column_count: true }) as string[][];
      const row = rows[random.int(1, Math.max(1, rows.length - 1))];
      if (row?.length) row[random.int(0, row.length - 1)] = value;
      return Buffer.from(stringify(rows));
    } catch {
      return bytes;
    }
  }
  if (first === "<") {
    const from = text.indexOf(">", random.int(0, text.length));
    const to = from < 0 ? -1 : text.indexOf("<", from);
    return to < 0 ? bytes : Buffer.from(text.slice(0, from + 1) + value + text.slice(to));
  }
  const i = random.int(0, all.length - 1);
  all[i] = all[i]!.match(/^\s*(?:• |\d+\. )?/)![0] + value;
  return Buffer.from(all.join("\n"));
}

/** Encodings a file may be saved in by mistake, and declarations that lie about it. */
const DECLARED = ["ISO-8859-1", "UTF-16", "utf-16le", "windows-1252", "Shift_JIS", "bogus-8", "utf-8"];

function reencode(bytes: Buffer, random: Random): Buffer {
  const text = bytes.toString("utf8");
  switch (random.int(0, 4)) {
    case 0:
      return Buffer.from(text, "latin1");
    case 1:
      return Buffer.from(text, "utf16le");
    case 2:
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    case 3: {
      const swapped = Buffer.from(text, "utf16le");
      swapped.swap16();
      return Buffer.concat([Buffer.from([0xfe, 0xff]), swapped]);
    }
    default: {
      const declared = random.pick(DECLARED);
      const replaced = text.replace(/encoding=["'][^"']*["']/i, `encoding="${declared}"`);
      return Buffer.from(replaced === text ? `<?xml version="1.0" encoding="${declared}"?>\n${text}` : replaced);
    }
  }
}

/** Wraps a stretch of the file in elements (or JSON lists) nested `depth` deep. */
function nest(bytes: Buffer, random: Random): Buffer {
  const depth = random.pick([20, 120, 600, 5_000, 100_000]);
  const json = bytes.subarray(0, 1).toString() === "{" || random.chance(0.2);
  const [open, close] = json ? ["[", "]"] : random.chance(0.5) ? ["<b>", "</b>"] : ["<div>", "</div>"];
  const point = at(bytes, random);
  return splice(bytes, point, point, `${open.repeat(depth)}x${close.repeat(depth)}`);
}

/** A long attribute (or quoted value) after some `<name` or `"`. */
function hugeValue(bytes: Buffer, random: Random): Buffer {
  const size = random.pick([10_000, 1_200_000, 5_000_000]);
  const text = bytes.toString("latin1");
  const from = at(bytes, random);
  const tag = text.slice(from).search(/<[A-Za-z][\w:.-]*/);
  const value = "v".repeat(size);
  if (tag < 0) return splice(bytes, from, from, `"${value}"`);
  const nameEnd = from + tag + text.slice(from + tag).match(/^<[A-Za-z][\w:.-]*/)![0].length;
  return splice(bytes, nameEnd, nameEnd, ` huge="${value}"`);
}

function lines(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) {
    out.push(bytes.subarray(start, i + 1));
    start = i + 1;
  }
  out.push(bytes.subarray(start));
  return out;
}

export const MUTATORS: readonly Mutator[] = [
  { name: "truncate", apply: (b, r) => b.subarray(0, at(b, r)) },
  {
    name: "flip bytes",
    apply: (b, r) => {
      const copy = Buffer.from(b);
      for (let n = r.int(1, 8); n > 0 && copy.length; n--) copy[r.int(0, copy.length - 1)] = r.int(0, 255);
      return copy;
    },
  },
  { name: "insert bytes", apply: (b, r) => { const p = at(b, r); return splice(b, p, p, Buffer.from(Array.from({ length: r.int(1, 16) }, () => r.int(0, 255)))); } },
  { name: "delete range", apply: (b, r) => { const p = at(b, r); return splice(b, p, Math.min(b.length, p + r.int(1, 4096))); } },
  {
    name: "duplicate range",
    apply: (b, r) => {
      const p = at(b, r);
      const piece = b.subarray(p, Math.min(b.length, p + r.int(1, 65_536)));
      const q = at(b, r);
      const times = Math.min(r.int(1, 20), Math.floor(GROWTH / Math.max(1, piece.length)));
      return splice(b, q, q, Buffer.concat(Array.from({ length: times }, () => piece)));
    },
  },
  { name: "insert token", apply: (b, r) => { const p = at(b, r); return splice(b, p, p, r.pick(TOKENS)); } },
  { name: "replace with token", apply: (b, r) => { const p = at(b, r); return splice(b, p, Math.min(b.length, p + r.int(1, 40)), r.pick(TOKENS)); } },
  { name: "wrong encoding", apply: reencode },
  { name: "deep nesting", apply: nest },
  { name: "poison a value", apply: poison },
  { name: "huge value", apply: hugeValue },
  {
    name: "repeat a line",
    apply: (b, r) => {
      const all = lines(b);
      const i = r.int(0, all.length - 1);
      const times = Math.min(r.int(1, 2000), Math.floor(GROWTH / Math.max(1, all[i]!.length)));
      all.splice(i, 0, ...Array.from({ length: times }, () => all[i]!));
      return Buffer.concat(all);
    },
  },
  {
    name: "swap lines",
    apply: (b, r) => {
      const all = lines(b);
      const i = r.int(0, all.length - 1);
      const j = r.int(0, all.length - 1);
      [all[i], all[j]] = [all[j]!, all[i]!];
      return Buffer.concat(all);
    },
  },
  {
    name: "scramble digits",
    apply: (b, r) => {
      const copy = Buffer.from(b);
      const p = at(b, r);
      for (let i = p; i < Math.min(copy.length, p + 400); i++) if (copy[i]! >= 0x30 && copy[i]! <= 0x39) copy[i] = 0x30 + r.int(0, 9);
      return copy;
    },
  },
];

const POISON_MUTATOR = MUTATORS.find((m) => m.name === "poison a value")!;

/** Gzip on top of the other mutations: whole, cut short, or with damaged bytes. */
export function gzipMutation(bytes: Buffer, random: Random): { bytes: Buffer; name: string } {
  const packed = zlib.gzipSync(bytes);
  switch (random.int(0, 2)) {
    case 0:
      return { bytes: packed, name: "gzip" };
    case 1:
      return { bytes: packed.subarray(0, random.int(2, packed.length)), name: "gzip cut short" };
    default: {
      const copy = Buffer.from(packed);
      for (let n = random.int(1, 4); n > 0; n--) copy[random.int(10, copy.length - 1)] = random.int(0, 255);
      return { bytes: copy, name: "gzip damaged" };
    }
  }
}

/** One to three mutations of a file, sometimes gzipped afterwards; the names say which. */
export function mutate(bytes: Buffer, random: Random): { bytes: Buffer; steps: string[] } {
  let out = bytes;
  const steps: string[] = [];
  for (let n = random.int(1, 3); n > 0; n--) {
    // A poisoned value in an otherwise valid file goes furthest into the importer: it gets extra weight.
    const m = random.chance(0.25) ? POISON_MUTATOR : random.pick(MUTATORS);
    out = m.apply(out, random);
    steps.push(m.name);
  }
  if (random.chance(0.15)) {
    const packed = gzipMutation(out, random);
    out = packed.bytes;
    steps.push(packed.name);
  }
  return { bytes: out, steps };
}
