import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, expect } from "vitest";
import { openTextInput } from "@/lib/ingest/read-file";
import { parseInput } from "@/lib/ingest/parse";
import { detectFormat, type Format } from "@/lib/ingest/detect";
import { ImportRejection, type ParsedComment, type ParsedThread, type ParseEvent, type SourceInfo } from "@/lib/ingest/types";

export type Parsed = {
  format: Format;
  source: SourceInfo | null;
  threads: (ParsedThread & { sourceKey?: string; keep?: boolean })[];
  comments: (ParsedComment & { line: number; sourceKey?: string })[];
  notes: string[];
  /** Comments by source id. */
  byId: Map<string, ParsedComment & { line: number }>;
};

/** Runs the real reader and parser over a file and gathers what they emit. */
export async function parseFile(file: string, forced?: Format): Promise<Parsed> {
  const input = await openTextInput(file);
  try {
    const detected = forced ?? detectFormat(input.name, input.head);
    if (typeof detected !== "string") throw new Error(detected.unsupported);
    const events: ParseEvent[] = [];
    for await (const event of parseInput(input, detected)) events.push(event);
    const parsed: Parsed = { format: detected, source: null, threads: [], comments: [], notes: [], byId: new Map() };
    for (const e of events) {
      if (e.type === "source") parsed.source = e.source;
      else if (e.type === "note") parsed.notes.push(e.message);
      else if (e.type === "thread") parsed.threads.push({ ...e.thread, sourceKey: e.sourceKey, keep: e.keep });
      else {
        parsed.comments.push({ ...e.comment, line: e.line, sourceKey: e.sourceKey });
        parsed.byId.set(e.comment.sourceCommentId, { ...e.comment, line: e.line });
      }
    }
    return parsed;
  } finally {
    input.close();
  }
}

/** A temporary folder removed after the test file, and a function writing a named file into it. */
export async function tempWriter(prefix: string): Promise<(name: string, content: string | Buffer) => Promise<string>> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));
  return async (name, content) => {
    const file = path.join(dir, name);
    await fs.writeFile(file, content);
    return file;
  };
}

/** The rejection reading a file must end in: its line and message. */
export async function rejection(file: string): Promise<{ line: number; message: string }> {
  const err = await parseFile(file).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImportRejection);
  return { line: (err as ImportRejection).line, message: (err as ImportRejection).message };
}
