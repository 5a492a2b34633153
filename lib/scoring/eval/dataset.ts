import fs from "node:fs";
import { parse } from "csv-parse/sync";
import { z } from "zod";

/** A labelled incivility row: label 1 = uncivil; score = graded 0..1 (crowd share or a reference model). */
export type IncivilityRow = { id: string; text: string; label: 0 | 1; score: number };
/** A labelled sentiment row: score = mean human rating scaled to -1..1. */
export type SentimentRow = { id: string; text: string; score: number };

/** A data file that cannot be used, with the line that shows why. */
export class DatasetError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = "DatasetError";
  }
}

const number = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(1, "is empty")
    .transform(Number)
    .pipe(z.number().min(min).max(max));

const incivilitySchema = z.object({
  id: z.string(),
  text: z.string(),
  label: z.enum(["0", "1"]).transform((l) => (l === "1" ? 1 : 0) as 0 | 1),
  // An empty score means "take the label".
  score: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), number(0, 1).optional()),
});
const sentimentSchema = z.object({ id: z.string(), text: z.string(), score: number(-1, 1) });

type Record = { record: { [column: string]: string }; info: { lines: number } };

function readRecords(file: string, required: readonly string[]): Record[] {
  let content: string;
  try {
    content = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new DatasetError(file, 0, `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let records: Record[];
  try {
    records = parse(content, { columns: true, info: true, bom: true, skip_empty_lines: true }) as Record[];
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    throw new DatasetError(file, line, `not valid CSV (${(err as Error).message.split("\n")[0]})`);
  }
  const header = content.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  const columns = header.split(",").map((c) => c.trim().replace(/^"|"$/g, ""));
  const missing = required.filter((c) => !columns.includes(c));
  if (missing.length) throw new DatasetError(file, 1, `missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (header: ${header})`);
  if (!records.length) throw new DatasetError(file, 1, "has no rows");
  return records;
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "row"} ${i.message}`).join("; ");
}

/** Reads an incivility CSV (`id,text,label[,score]`). Rows without a score take their label. */
export function readIncivilityCsv(file: string): IncivilityRow[] {
  return readRecords(file, ["id", "text", "label"]).map(({ record, info }) => {
    const parsed = incivilitySchema.safeParse(record);
    if (!parsed.success) throw new DatasetError(file, info.lines, describe(parsed.error));
    return { ...parsed.data, score: parsed.data.score ?? parsed.data.label };
  });
}

/** The `text` column of any CSV with one (the benchmark needs nothing else). */
export function readTexts(file: string): string[] {
  return readRecords(file, ["text"]).map(({ record }) => String(record.text ?? ""));
}

/** Reads a sentiment CSV (`id,text,score` with score in -1..1). */
export function readSentimentCsv(file: string): SentimentRow[] {
  return readRecords(file, ["id", "text", "score"]).map(({ record, info }) => {
    const parsed = sentimentSchema.safeParse(record);
    if (!parsed.success) throw new DatasetError(file, info.lines, describe(parsed.error));
    return parsed.data;
  });
}
