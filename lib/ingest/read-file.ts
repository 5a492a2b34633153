import fs from "node:fs/promises";
import path from "node:path";
import { ImportRejection } from "./types";

/** Expands files and folders (recursively, sorted) into the list of files to import. */
export async function expandPaths(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    const stat = await fs.stat(p).catch(() => null);
    if (!stat) throw new ImportRejection(p, 0, "no such file or folder");
    if (stat.isDirectory()) {
      const entries = (await fs.readdir(p, { withFileTypes: true }))
        .filter((e) => !e.name.startsWith("."))
        .sort((a, b) => a.name.localeCompare(b.name));
      files.push(...(await expandPaths(entries.map((e) => path.join(p, e.name)))));
    } else files.push(p);
  }
  return files;
}

/** Decodes UTF-8 strictly, naming the line of the first invalid byte. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    let valid = bytes.length;
    // Find the first undecodable position by bisection over prefixes.
    let lo = 0;
    let hi = bytes.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
        lo = mid;
      } catch {
        hi = mid - 1;
      }
    }
    valid = lo;
    let line = 1;
    for (let i = 0; i < valid; i++) if (bytes[i] === 0x0a) line++;
    throw new ImportRejection(file, line, "the file is not valid UTF-8 text (wrong encoding or a binary file)");
  }
}
