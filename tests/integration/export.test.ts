import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db";
import { flatten, recordEvents } from "@/lib/ingest/records";
import { importFiles } from "@/lib/ingest";
import { CSV_COLUMNS, exportChunks, reportFiltersSchema } from "@/lib/reports";
import { reportFileName } from "@/lib/reports/export";
import { storeThread } from "../support/store-fixture";

async function collect(format: "csv" | "jsonl", bom = false): Promise<string> {
  let out = "";
  for await (const chunk of exportChunks({ format, bom, filters: reportFiltersSchema.parse({}) }, { userId: null, via: "test" })) out += chunk;
  return out;
}

beforeAll(async () => {
  await storeThread(
    "exp",
    [
      { id: "e1", body: "First, with a comma, \"quotes\" and\na newline 🙂", author: "Zoë" },
      { id: "e2", body: "Only an idiot wrote this.", parent: "e1", author: "Bo" },
    ],
    { title: "Export, “quoted” title" },
  );
});

describe("exports", () => {
  it("writes a CSV with the documented columns, one row per comment, exact text", async () => {
    const text = await collect("csv");
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      "thread.key": "exp",
      "thread.title": "Export, “quoted” title",
      "thread.url": "https://news.example/exp",
      "thread.source": "test-site",
      sourceId: "e1",
      parentSourceId: "",
      parentInferred: "false",
      author: "Zoë",
      body: "First, with a comma, \"quotes\" and\na newline 🙂",
      sourceStatus: "visible",
      "moderation.status": "none",
      "sentiment.label": expect.stringMatching(/^(negative|neutral|positive)$/),
    });
    expect(rows[1]).toMatchObject({ sourceId: "e2", parentSourceId: "e1", "moderation.status": "flagged" });
    expect(Number(rows[1]!["incivility.score"])).toBeGreaterThan(0.5);
    // Four decimals at most in a CSV.
    for (const row of rows) for (const key of ["sentiment.score", "incivility.score", "incivility.insult"]) expect(row[key]).toMatch(/^-?\d+(\.\d{1,4})?$/);
    expect(rows[0]!.postedAt).toBe("2026-03-01T10:00:00.000Z");
  });

  it("prefixes a BOM only when asked, and names that file apart", async () => {
    expect((await collect("csv", true)).startsWith("\uFEFFthread.key,")).toBe(true);
    expect((await collect("csv")).startsWith("thread.key,")).toBe(true);
    const filters = reportFiltersSchema.parse({ from: "2026-03-01", to: "2026-03-31" });
    expect(reportFileName({ format: "csv", filters })).toBe("comments-2026-03-01_to_2026-03-31.csv");
    expect(reportFileName({ format: "csv", bom: true, filters })).toBe("comments-2026-03-01_to_2026-03-31-excel.csv");
    expect(reportFileName({ format: "pdf", bom: true, filters })).toBe("comment-report-2026-03-01_to_2026-03-31.pdf");
    // An open end is the newsroom's day the file was made: 23:30 UTC on 1 March is 2 March in Tokyo.
    const open = { ...filters, to: undefined };
    const madeAt = new Date("2026-03-01T23:30:00Z");
    expect(reportFileName({ format: "csv", filters: open }, madeAt)).toBe("comments-2026-03-01_to_2026-03-01.csv");
    expect(reportFileName({ format: "csv", filters: open }, madeAt, "Asia/Tokyo")).toBe("comments-2026-03-01_to_2026-03-02.csv");
  });

  it("writes JSON lines with nested records", async () => {
    const lines = (await collect("jsonl")).trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({
      thread: { key: "exp", source: "test-site" },
      sourceId: "e2",
      parentSourceId: "e1",
      moderation: { status: "flagged" },
      sentiment: { label: expect.any(String) },
    });
    expect(typeof lines[1].incivility.score).toBe("number");
  });

  it("records every export with its row count", async () => {
    const runs = await db.exportRun.findMany({ select: { format: true, rowCount: true } });
    expect(runs.length).toBeGreaterThanOrEqual(4);
    expect(runs.every((r) => r.rowCount === 2)).toBe(true);
  });

  it("imports back into the installation it came from unchanged, its own export-only columns read as such", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "cdk-reimport-"));
    try {
      const file = path.join(dir, "comments.csv");
      await fs.writeFile(file, await collect("csv", true));
      const summary = await importFiles([file]);
      expect(summary).toMatchObject({ comments: 2, inserted: 0, updated: 0, unchanged: 2, rejected: [] });
      // Scores, moderation and the local time are the export's own columns, not strangers to note.
      expect(summary.perFile[0]!.notes.join(" ")).not.toContain("were ignored");
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("says which times are estimates, and an import of the file reads them back as estimates", async () => {
    await pool.query("UPDATE comment SET posted_at_estimated = true WHERE source_comment_id = 'e1'");
    const rows = parse(await collect("csv"), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.sourceId, r.postedAtEstimated])).toEqual([["e1", "true"], ["e2", "false"]]);
    const lines = (await collect("jsonl")).trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => l.postedAtEstimated)).toEqual([true, false]);
    const read = (row: Record<string, unknown>) => recordEvents(row, "comments.csv", 2).find((e) => e.type === "comment");
    expect(read(rows[0]!)).toMatchObject({ comment: { postedAtEstimated: true } });
    expect(read(flatten(lines[1]))).not.toHaveProperty("comment.postedAtEstimated");
  });
});
