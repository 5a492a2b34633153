import path from "node:path";
import type { TextInput } from "./read-file";
import type { ParseEvent, ParsedFile, SourceInfo } from "./types";
import type { Format } from "./detect";
import { parseTextPage } from "./text-page";
import { parseHtmlPage } from "./html-page";
import { parseDisqusXml } from "./disqus-xml";
import { parseWxr } from "./wxr";
import { parseCsv } from "./csv";
import { parseJsonLines } from "./json-lines";
import { parseCommento } from "./commento";
import { parseIsso } from "./isso-json";
import { LIMITS, checkEvents, checkHtmlTree, checkLineLengths } from "./limits";

/** Where rows without a source of their own go (CSV and JSON lines without `thread.source`). */
export const FILE_IMPORT_SOURCE: SourceInfo = { key: "file-import", name: "Imported files", platform: "file" };

export function defaultSource(format: Format): SourceInfo {
  if (format === "csv" || format === "jsonl") return FILE_IMPORT_SOURCE;
  return { key: format, name: format, platform: format };
}

function* fileEvents(parsed: ParsedFile): Generator<ParseEvent> {
  yield { type: "source", source: parsed.source };
  // Saved pages name their thread on the first line (text) or in the head (HTML).
  for (const thread of parsed.threads) yield { type: "thread", thread, keep: true, line: 1 };
  for (const { line, ...comment } of parsed.comments) yield { type: "comment", comment, line };
  for (const message of parsed.notes) yield { type: "note", message };
}

/** The parser for a format, as a stream of events, every value checked against the importer's limits. */
export function parseInput(input: TextInput, format: Format, sourceKey?: string): AsyncGenerator<ParseEvent> {
  return checkEvents(formatEvents(input, format, sourceKey), input.file);
}

async function* formatEvents(input: TextInput, format: Format, sourceKey?: string): AsyncGenerator<ParseEvent> {
  const fileName = path.basename(input.name);
  switch (format) {
    case "disqus":
      return yield* parseDisqusXml(input);
    case "wxr":
      return yield* parseWxr(input);
    case "csv":
      return yield* parseCsv(input);
    case "jsonl":
      return yield* parseJsonLines(input);
    case "commento":
      return yield* parseCommento(await input.readAll(LIMITS.wholeExportChars, "Commento exports"), input.file);
    case "isso":
      return yield* parseIsso(await input.readAll(LIMITS.wholeExportChars, "isso exports"), input.file);
    case "html": {
      const text = await input.readAll(LIMITS.savedPageChars, "saved pages");
      checkHtmlTree(text, input.file);
      return yield* fileEvents(parseHtmlPage(text, { fileName, file: input.file, fileDate: input.mtime }));
    }
    case "text": {
      const text = await input.readAll(LIMITS.savedPageChars, "saved pages");
      checkLineLengths(text, input.file);
      return yield* fileEvents(parseTextPage(text, { fileName: input.file, fileDate: input.mtime, sourceKey }));
    }
  }
}
