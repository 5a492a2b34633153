import { once } from "node:events";
import { parse, CsvError } from "csv-parse";
import type { TextInput } from "./read-file";
import type { ParseEvent } from "./types";
import { ImportRejection } from "./types";
import { RECORD_COLUMNS, recordEvents, unknownColumns } from "./records";
import { unescapeFormula } from "@/lib/csv-formulas";

/**
 * Takes back the ' our CSV export (and spreadsheets' own exports) put before a value starting
 * with = + - @ (so Excel shows it as text, not a formula): "@Jane, agreed" and "+1" come back
 * as written, and an export re-imported into another installation keeps its texts and authors.
 */
export function unescapeFormulas(record: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) out[key] = unescapeFormula(value);
  return out;
}
import { LIMITS, limitMessages } from "./limits";

function csvReason(err: CsvError): string {
  switch (err.code) {
    case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH":
    case "CSV_RECORD_INCONSISTENT_COLUMNS":
      return "this row has a different number of values than the header has columns";
    case "CSV_INVALID_CLOSING_QUOTE":
      return "a quote inside a quoted value is not doubled (write \"\" for a literal quote)";
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
  // The last line of the last row parsed: an unclosed quote opens in the row after it.
  let lastLine = 1;
  let lastEmpty = 0;
  const parser = parse({
    bom: true,
    skip_empty_lines: true,
    // csv-parse buffers a row whole: an unclosed quote would otherwise swallow the rest of the file.
    max_record_size: LIMITS.recordChars,
    info: true,
    // Noted as the parser goes: on an error, rows it parsed may not have been read yet.
    on_record: (record: unknown, context: { lines: number; empty_lines: number }) => {
      lastLine = context.lines;
      lastEmpty = context.empty_lines;
      return record;
    },
    columns: (names: string[]) => {
      header = names.map((n) => n.trim());
      // A record keeps one value per name: the other column's values would be dropped without a word.
      const twice = header.find((n, i) => n && header.indexOf(n) !== i);
      if (twice) throw new ImportRejection(file, 1, `the header names the column ${twice} twice: each column may appear once (a value would be lost)`);
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
  // The wait that loses the race is cancelled: left pending, each would keep its listeners on the
  // parser, one "close" and one "error" per drain (a MaxListenersExceededWarning on a large file).
  const room = async () => {
    const done = new AbortController();
    const wait = (event: string) => once(parser, event, { signal: done.signal }).catch(() => undefined);
    await Promise.race([wait("drain"), wait("close")]);
    done.abort();
  };
  const feeding = (async () => {
    try {
      for await (const chunk of lineFeeds(input.chunks())) {
        if (parser.destroyed) return;
        if (!parser.write(chunk)) await room();
      }
      if (!parser.destroyed) parser.end();
    } catch (err) {
      parser.destroy(err as Error);
    }
  })();

  let noted = false;
  // csv-parse counts the line a row ends on; a quoted value may run a row over several lines.
  // A row starts after the previous one ends, past any blank lines between (which it counts).
  let previous = { lines: 1, emptyLines: 0 };
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number; empty_lines: number } }>) {
      if (!noted) {
        noted = true;
        const ignored = unknownColumns(header);
        if (ignored.length) yield { type: "note", message: `columns not in the import schema were ignored: ${ignored.join(", ")}` };
      }
      const start = previous.lines + 1 + (info.empty_lines - previous.emptyLines);
      previous = { lines: info.lines, emptyLines: info.empty_lines };
      yield* recordEvents(unescapeFormulas(record), file, start);
    }
  } catch (err) {
    if (err instanceof ImportRejection) throw err;
    // The failing row starts after the last row read and the blank lines skipped since.
    const rowStart = () => lastLine + 1 + Math.max(0, ((err as { empty_lines?: number }).empty_lines ?? lastEmpty) - lastEmpty);
    // Both are found only at the end of the file (or of the size limit), but begin in the row after the last one read.
    if (err instanceof CsvError && err.code === "CSV_QUOTE_NOT_CLOSED") {
      throw new ImportRejection(file, rowStart(), 'a quoted value in the row starting on this line is never closed (a missing ")');
    }
    if (err instanceof CsvError && err.code === "CSV_MAX_RECORD_SIZE") {
      throw new ImportRejection(file, rowStart(), `${limitMessages.record("the row starting on this line")} (is a quoted value left open?)`);
    }
    if (err instanceof CsvError && (err.code === "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH" || err.code === "CSV_RECORD_INCONSISTENT_COLUMNS")) {
      // csv-parse names the row's last line; a quoted value may have run it over several.
      throw new ImportRejection(file, rowStart(), csvReason(err));
    }
    if (err instanceof CsvError) {
      const line = (err as CsvError & { lines?: number }).lines ?? 0;
      // A stray quote lines below the last row read is often the close of a quote opened up there.
      const opened = err.code === "CSV_INVALID_CLOSING_QUOTE" && line > rowStart() ? `, or a quoted value opened on line ${rowStart()} is never closed` : "";
      throw new ImportRejection(file, line, csvReason(err) + opened);
    }
    throw err;
  } finally {
    parser.destroy();
    await feeding;
  }
  if (!header.length) throw new ImportRejection(file, 1, "the file is empty: a CSV import needs a header row and at least one row");
  if (!noted) yield { type: "note", message: "the file has a header row and no rows under it" };
}

/**
 * The text with CRLF line ends as LF, across chunk boundaries. csv-parse counts a CRLF
 * inside a quoted value as two lines, which put every later line number off; values
 * keep their line breaks, as LF.
 */
async function* lineFeeds(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let held = "";
  for await (const chunk of chunks) {
    let text = held + chunk;
    held = "";
    if (text.endsWith("\r")) {
      held = "\r";
      text = text.slice(0, -1);
    }
    if (text) yield text.replaceAll("\r\n", "\n");
  }
  if (held) yield held;
}
