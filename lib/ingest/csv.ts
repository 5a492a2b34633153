import { once } from "node:events";
import { parse, CsvError } from "csv-parse";
import type { TextInput } from "./read-file";
import type { ParseEvent } from "./types";
import { ImportRejection } from "./types";
import { RECORD_COLUMNS, recordEvents, unknownColumns } from "./records";
import { LIMITS, limitMessages } from "./limits";

function csvReason(err: CsvError): string {
  switch (err.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return "a quoted value is never closed (a missing \" somewhere above)";
    case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH":
    case "CSV_RECORD_INCONSISTENT_COLUMNS":
      return "this row has a different number of values than the header has columns";
    case "CSV_INVALID_CLOSING_QUOTE":
      return "a quote inside a quoted value is not doubled (write \"\" for a literal quote)";
    case "CSV_MAX_RECORD_SIZE":
      return limitMessages.record("a row");
    default:
      return `the CSV cannot be read (${err.message})`;
  }
}

/**
 * CSV with a header row naming the columns of the import schema (records.ts),
 * parsed as a stream by csv-parse: quoted commas, quotes and newlines in values
 * are handled, and a row that breaks the schema rejects the file with its line.
 */
export async function* parseCsv(input: TextInput): AsyncGenerator<ParseEvent> {
  const file = input.file;
  let header: string[] = [];
  const parser = parse({
    bom: true,
    skip_empty_lines: true,
    // csv-parse buffers a row whole: an unclosed quote would otherwise swallow the rest of the file.
    max_record_size: LIMITS.recordChars,
    info: true,
    columns: (names: string[]) => {
      header = names.map((n) => n.trim());
      const missing = ["sourceId", "postedAt", "body"].filter((c) => !header.includes(c));
      if (!header.includes("thread.key") && !header.includes("thread.url")) missing.push("thread.key (or thread.url)");
      if (missing.length) {
        throw new ImportRejection(file, 1, `the header lacks the column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (expected columns: ${RECORD_COLUMNS.join(", ")})`);
      }
      return header;
    },
  });
  // The parser may fail (a bad row) or be dropped (the reader stopped) while a write waits for
  // room: waiting for "close" as well as "drain" keeps the feeder from waiting forever.
  const room = () => Promise.race([once(parser, "drain"), once(parser, "close")]);
  const feeding = (async () => {
    try {
      for await (const chunk of input.chunks()) {
        if (parser.destroyed) return;
        if (!parser.write(chunk)) await room();
      }
      if (!parser.destroyed) parser.end();
    } catch (err) {
      parser.destroy(err as Error);
    }
  })();

  let noted = false;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      if (!noted) {
        noted = true;
        const ignored = unknownColumns(header);
        if (ignored.length) yield { type: "note", message: `columns not in the import schema were ignored: ${ignored.join(", ")}` };
      }
      yield* recordEvents(record, file, info.lines);
    }
  } catch (err) {
    if (err instanceof ImportRejection) throw err;
    if (err instanceof CsvError) throw new ImportRejection(file, (err as CsvError & { lines?: number }).lines ?? 0, csvReason(err));
    throw err;
  } finally {
    parser.destroy();
    await feeding;
  }
  if (!header.length) throw new ImportRejection(file, 1, "the file is empty: a CSV import needs a header row and at least one row");
}
