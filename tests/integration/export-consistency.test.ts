import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { pool } from "@/lib/db";
import { getBoss, getProgress, stopBoss } from "@/lib/jobs";
import { eraseCommenter } from "@/lib/privacy/erase-commenter";
import { lastErasure } from "@/lib/privacy/erasures";
import { exportRecords, reportFiltersSchema } from "@/lib/reports";
import { writeReportFile } from "@/lib/reports/export-file";
import { resolveReportFilters } from "@/lib/reports/filters";
import { previewReport } from "@/lib/reports/preview";
import { loadReportSummary } from "@/lib/reports/pdf/summary";
import { storeThread } from "../support/store-fixture";

// The export's reads of the last erasure, replaced one call at a time below to erase a commenter between them.
vi.mock("@/lib/privacy/erasures", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/privacy/erasures")>();
  return { ...actual, lastErasure: vi.fn(actual.lastErasure) };
});
const { lastErasure: realLastErasure } = await vi.importActual<typeof import("@/lib/privacy/erasures")>("@/lib/privacy/erasures");

// More than one keyset page (2,000 rows).
const ROWS = 2_100;
let exportDir = "";
let commenterId = 0;

beforeAll(async () => {
  exportDir = await fs.mkdtemp(path.join(os.tmpdir(), "cdk-export-consistency-"));
  process.env.EXPORT_DIR = exportDir;
  await storeThread("snap", Array.from({ length: ROWS }, (_, i) => ({ id: `snap-${i}`, body: `Row ${i}`, author: "Snap Reader" })), { source: "snap" });
  ({ id: commenterId } = (await pool.query<{ id: number }>("SELECT id FROM commenter WHERE display_name = 'Snap Reader'")).rows[0]!);
  // The export checks its job in pg-boss's tables, which starting pg-boss creates.
  await getBoss();
});

afterAll(async () => {
  await stopBoss();
  await fs.rm(exportDir, { recursive: true, force: true });
});

const openTransactions = async () =>
  (await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'")).rows[0]!.n;

describe("an export's rows", () => {
  it("come from one snapshot: a comment re-dated between two pages is in it once", async () => {
    const f = await resolveReportFilters(reportFiltersSchema.parse({ source: ["snap"] }));
    const records = exportRecords(f);
    const first = await records.next();
    // A re-import corrects two times: one of the first page's rows moves past it, one of the second page's before it.
    await pool.query("UPDATE comment SET posted_at = posted_at + interval '1 year' WHERE source_comment_id = 'snap-5'");
    await pool.query("UPDATE comment SET posted_at = posted_at - interval '1 year' WHERE source_comment_id = 'snap-2050'");
    try {
      const ids = [first.value!.sourceId];
      for await (const record of records) ids.push(record.sourceId);
      expect(ids).toHaveLength(ROWS);
      expect(new Set(ids).size).toBe(ROWS);
    } finally {
      await pool.query("UPDATE comment SET posted_at = posted_at - interval '1 year' WHERE source_comment_id = 'snap-5'");
      await pool.query("UPDATE comment SET posted_at = posted_at + interval '1 year' WHERE source_comment_id = 'snap-2050'");
    }
    expect(await openTransactions()).toBe(0);
  });

  it("leave no transaction open when the reader stops early", async () => {
    const records = exportRecords(await resolveReportFilters(reportFiltersSchema.parse({ source: ["snap"] })));
    await records.next();
    await records.return(undefined);
    expect(await openTransactions()).toBe(0);
    expect(pool.totalCount - pool.idleCount).toBe(0);
  });

  it("are fetched no more than a preview shows", async () => {
    const original = pg.Pool.prototype.query;
    const fetched: number[] = [];
    const spy = vi.spyOn(pg.Pool.prototype, "query").mockImplementation(function (this: pg.Pool, ...args: unknown[]) {
      const result = (original as (...a: unknown[]) => unknown).apply(this, args);
      // The records' SELECT (recordsSql) is the one naming the source's comment id.
      if (typeof args[0] === "string" && args[0].includes("c.source_comment_id")) {
        void (result as Promise<pg.QueryResult>).then((r) => fetched.push(r.rows.length), () => {});
      }
      return result as never;
    });
    try {
      const preview = await previewReport(reportFiltersSchema.parse({ source: ["snap"] }));
      expect(preview.sample).toHaveLength(10);
      expect(preview.rows).toBe(ROWS);
    } finally {
      spy.mockRestore();
    }
    expect(fetched).toEqual([10]);
  });
});

describe("a PDF's figures", () => {
  it("come from one snapshot: a comment removed between its queries counts in none of them", async () => {
    const f = await resolveReportFilters(reportFiltersSchema.parse({ source: ["snap"] }));
    const [{ mod_status: before }] = (await pool.query("SELECT mod_status FROM comment WHERE source_comment_id = 'snap-7'")).rows;
    const original = pg.Client.prototype.query;
    let removed = false;
    // A moderator rejects a comment once the key figures are read, before the per-period and per-thread ones.
    const spy = vi.spyOn(pg.Client.prototype, "query").mockImplementation(function (this: pg.Client, ...args: unknown[]) {
      if (!removed && typeof args[0] === "string" && args[0].includes("date_trunc(")) {
        removed = true;
        return (async () => {
          await pool.query("UPDATE comment SET mod_status = 'rejected' WHERE source_comment_id = 'snap-7'");
          return (original as (...a: unknown[]) => unknown).apply(this, args);
        })() as never;
      }
      return (original as (...a: unknown[]) => unknown).apply(this, args) as never;
    });
    try {
      const summary = await loadReportSummary(f);
      expect(removed).toBe(true);
      expect(summary.figures.removed).toBe(0);
      expect(summary.removed).toHaveLength(0);
      expect(summary.threads.reduce((n, t) => n + t.removed, 0)).toBe(0);
    } finally {
      spy.mockRestore();
      await pool.query("UPDATE comment SET mod_status = $1 WHERE source_comment_id = 'snap-7'", [before]);
    }
    expect(await openTransactions()).toBe(0);
  });

  it("read no more of a removed comment's text than is printed, and say it was cut", async () => {
    const wall = "SPAM ".repeat(100_000);
    await storeThread("wall", [{ id: "wall-1", body: wall, status: "spam" }], { source: "wall" });
    const summary = await loadReportSummary(await resolveReportFilters(reportFiltersSchema.parse({ source: ["wall"] })));
    expect(summary.figures.removed).toBe(1);
    expect(summary.removed[0]!.body.length).toBeLessThanOrEqual(2_001);
    expect(summary.removed[0]!.body.endsWith("…")).toBe(true);
  });
});

describe("a background export and an erasure at the same time", () => {
  const input = () => ({ format: "jsonl" as const, bom: false, filters: reportFiltersSchema.parse({ source: ["snap"] }), userId: null, via: "cli" as const });
  /** The nth read of the last erasure (1: when the export starts, 2: just before its rename, 3: just after) erases first. */
  const eraseAtRead = (n: number) => {
    const read = vi.mocked(lastErasure);
    for (let i = 1; i < n; i++) read.mockImplementationOnce(realLastErasure);
    read.mockImplementationOnce(async (...args) => {
      await eraseCommenter(commenterId);
      return realLastErasure(...args);
    });
  };

  it("leaves no file when an erasure commits after the rows were read, before the file is renamed into place", async () => {
    eraseAtRead(2);
    const id = randomUUID();
    await expect(writeReportFile(id, input())).rejects.toThrow(/a commenter's data was erased while the report was made/);
    expect(await fs.readdir(exportDir)).toEqual([]);
    expect(await getProgress(id)).toMatchObject({ state: "failed", message: expect.stringMatching(/erased/) });
  });

  it("removes its file when the erasure commits just as it is renamed into place", async () => {
    eraseAtRead(3);
    await expect(writeReportFile(randomUUID(), input())).rejects.toThrow(/erased/);
    expect(await fs.readdir(exportDir)).toEqual([]);
  });

  it("writes its file when no erasure came meanwhile, and says which erasures its rows include", async () => {
    const id = randomUUID();
    const result = await writeReportFile(id, input());
    expect(result).toMatchObject({ rows: ROWS, lastErasure: await realLastErasure() });
    expect(result.lastErasure).not.toBeNull();
    expect(await fs.readdir(exportDir)).toEqual([`${id}.jsonl`]);
  });
});
