import type { TextInput } from "./read-file";
import type { ParseEvent } from "./types";
import { ImportRejection } from "./types";
import { flatten, recordEvents, unknownColumns } from "./records";
import { LIMITS, checkJsonDepth, limitMessages } from "./limits";

function objectAt(text: string, file: string, line: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ImportRejection(file, line, `this line is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new ImportRejection(file, line, "each line must be one JSON object");
  checkJsonDepth(value, file, line);
  return flatten(value as Record<string, unknown>);
}

/**
 * JSON lines: one record per line in the import schema (records.ts), nested like
 * the export ({"thread": {"key": …}, "sourceId": …}) or with dotted names.
 * Streamed line by line; blank lines are skipped.
 */
export async function* parseJsonLines(input: TextInput): AsyncGenerator<ParseEvent> {
  const file = input.file;
  let carry = "";
  let line = 0;
  const ignored = new Set<string>();
  let records = 0;
  const take = function* (text: string): Generator<ParseEvent> {
    line++;
    const trimmed = text.replace(/^\uFEFF/, "").trim();
    if (!trimmed) return;
    const record = objectAt(trimmed, file, line);
    for (const c of unknownColumns(Object.keys(record))) ignored.add(c);
    records++;
    yield* recordEvents(record, file, line);
  };
  for await (const chunk of input.chunks()) {
    const parts = (carry + chunk).split("\n");
    carry = parts.pop()!;
    for (const part of parts) {
      if (part.length > LIMITS.recordChars) throw new ImportRejection(file, line + 1, limitMessages.record("this line"));
      yield* take(part);
    }
    // A line is held whole until it ends: one that never ends must not fill the memory.
    if (carry.length > LIMITS.recordChars) throw new ImportRejection(file, line + 1, limitMessages.record("this line"));
  }
  if (carry) yield* take(carry);
  if (!records) throw new ImportRejection(file, 1, "the file holds no records");
  if (ignored.size) yield { type: "note", message: `fields not in the import schema were ignored: ${[...ignored].join(", ")}` };
}
