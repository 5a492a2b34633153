import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, type PublicUser } from "@/lib/auth/users";
import { getProgress, stopBoss } from "@/lib/jobs";
import {
  CSV_COLUMNS, cancelReportExport, enqueueReportExport, exportChunks, getReportExport, listReportExports, openReportExportFile, reportFiltersSchema,
  type ReportExportJob,
} from "@/lib/reports";
import { ExportCancelledError, writeReportFile } from "@/lib/reports/export-file";
import { eraseCommenter } from "@/lib/privacy/erase-commenter";
import { exportFileResponse } from "@/lib/reports/respond";
import { storeThread } from "../support/store-fixture";
import { PROJECT_ROOT } from "../support/paths";

// Frequent maintenance so retries of the failing job are scheduled within seconds.
process.env.JOB_MAINTENANCE_SECONDS = "1";

// More than one keyset page (2,000 rows), so the file is written across pages.
const ROWS = 2_600;
let exportDir = "";
let owner: PublicUser;
let colleague: PublicUser;
let admin: PublicUser;
const workers: ChildProcess[] = [];

/** A real worker process on the export queue, writing to `dir`. */
function startWorker(dir: string): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts", "--queues", "export-report"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, EXPORT_DIR: dir },
    stdio: process.env.DEBUG_WORKERS ? "inherit" : "ignore",
  });
  workers.push(child);
  return child;
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

/** Runs a project script as `npm run` would, against the test database. */
function runScript(script: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { cwd: PROJECT_ROOT, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

async function finished(id: string, timeoutMs = 90_000): Promise<ReportExportJob> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await getReportExport(id, owner);
    if (job.state === "done" || job.state === "failed") return job;
    if (Date.now() > deadline) throw new Error(`export ${id} still ${job.state}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function download(id: string, viewer: PublicUser): Promise<string> {
  const file = await openReportExportFile(id, viewer);
  let text = "";
  for await (const chunk of file.stream) text += chunk;
  return text;
}

beforeAll(async () => {
  exportDir = await fs.mkdtemp(path.join(os.tmpdir(), "cdk-exports-"));
  process.env.EXPORT_DIR = exportDir;
  const comments = Array.from({ length: ROWS }, (_, i) => ({ id: `b${i}`, body: `Row ${i}, with a comma and "quotes"\nand a second line` }));
  await storeThread("big", comments, { source: "wide-site" });
  await storeThread("other", [{ id: "o1", body: "Not in the filtered export" }], { source: "other-site" });
  ({ user: owner } = await createUser({ email: "exporter@test.local", role: "staff" }));
  ({ user: colleague } = await createUser({ email: "colleague@test.local", role: "editor" }));
  ({ user: admin } = await createUser({ email: "boss@test.local", role: "admin" }));
});

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null) w.kill("SIGKILL");
  await stopBoss();
  await fs.rm(exportDir, { recursive: true, force: true });
});

describe("background report exports", () => {
  it("a worker writes CSV, JSON lines and PDF files that only the requester and admins can read", { timeout: 180_000 }, async () => {
    const filters = reportFiltersSchema.parse({ source: ["wide-site"] });
    const csv = await enqueueReportExport({ format: "csv", filters }, { userId: owner.id, via: "api" });
    const jsonl = await enqueueReportExport({ format: "jsonl", filters }, { userId: owner.id, via: "ui" });
    const pdf = await enqueueReportExport({ format: "pdf", filters }, { userId: owner.id, via: "ui" });
    expect(await getReportExport(csv.id, owner)).toMatchObject({ state: "queued", done: 0 });
    expect(await getProgress(csv.id)).toMatchObject({ kind: "export-report", state: "queued" });

    const worker = startWorker(exportDir);
    const done = await finished(csv.id);
    expect(done).toMatchObject({ state: "done", done: ROWS, total: ROWS, format: "csv", message: null });
    expect(await getProgress(csv.id)).toMatchObject({ done: ROWS, total: ROWS, state: "done" });

    const text = await download(csv.id, owner);
    expect(Buffer.byteLength(text)).toBe(done.bytes);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(ROWS);
    expect(new Set(rows.map((r) => r.sourceId))).toEqual(new Set(Array.from({ length: ROWS }, (_, i) => `b${i}`)));
    expect(rows.find((r) => r.sourceId === "b7")!.body).toBe('Row 7, with a comma and "quotes"\nand a second line');
    // The same bytes as the direct download of the same report.
    let direct = "";
    for await (const chunk of exportChunks({ format: "csv", bom: false, filters }, { userId: null, via: "test" })) direct += chunk;
    expect(text).toBe(direct);

    expect(await finished(jsonl.id)).toMatchObject({ state: "done", done: ROWS, total: ROWS });
    const lines = (await download(jsonl.id, owner)).trimEnd().split("\n").map((l) => JSON.parse(l) as { sourceId: string; thread: { source: string } });
    expect(lines).toHaveLength(ROWS);
    expect(lines.every((l) => l.thread.source === "wide-site")).toBe(true);

    expect(await finished(pdf.id)).toMatchObject({ state: "done" });
    const file = await openReportExportFile(pdf.id, owner);
    expect(file.contentType).toBe("application/pdf");
    expect(file.fileName).toMatch(/^comment-report-\d{4}-\d{2}-\d{2}\.pdf$/);
    file.stream.destroy();
    expect((await download(pdf.id, owner)).startsWith("%PDF-")).toBe(true);

    // Answers whose body is never read (HEAD, a client gone before it was piped) leave no file open.
    const openFiles = async () => (await fs.readdir("/proc/self/fd")).length;
    const before = await openFiles();
    const gone = new AbortController();
    gone.abort();
    for (let i = 0; i < 20; i++) {
      const head = await exportFileResponse(new Request("http://localhost/", { method: "HEAD" }), csv.id, owner);
      expect(head.headers.get("content-length")).toBe(String(done.bytes));
      expect(head.body).toBeNull();
      await exportFileResponse(new Request("http://localhost/", { signal: gone.signal }), csv.id, owner);
      const leaving = new AbortController();
      await exportFileResponse(new Request("http://localhost/", { signal: leaving.signal }), csv.id, owner);
      leaving.abort();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await openFiles()).toBeLessThan(before + 5);

    // Nothing but the three finished files: the temporary ones were renamed.
    expect((await fs.readdir(exportDir)).sort()).toEqual([`${csv.id}.csv`, `${jsonl.id}.jsonl`, `${pdf.id}.pdf`].sort());
    // Every comment they cover is in them: readable by the product's own account only.
    for (const file of await fs.readdir(exportDir)) expect((await fs.stat(path.join(exportDir, file))).mode & 0o777, file).toBe(0o600);

    // Another non-admin user sees neither the job nor its file, and it is not in their list; an admin may.
    await expect(getReportExport(csv.id, colleague)).rejects.toMatchObject({ status: 404 });
    await expect(openReportExportFile(csv.id, colleague)).rejects.toMatchObject({ status: 404 });
    expect(await listReportExports(colleague)).toEqual([]);
    expect((await listReportExports(owner)).map((j) => j.id)).toEqual([pdf.id, jsonl.id, csv.id]);
    expect(await download(csv.id, admin)).toBe(text);
    await stopWorker(worker);
    // A file gone (expired, or removed by an erasure) is said in the list, not offered.
    expect((await listReportExports(owner)).map((j) => j.fileKept)).toEqual([true, true, true]);
    await fs.rm(path.join(exportDir, `${csv.id}.csv`));
    expect((await listReportExports(owner)).find((j) => j.id === csv.id)).toMatchObject({ state: "done", fileKept: false });
    await expect(openReportExportFile(csv.id, owner)).rejects.toMatchObject({ status: 410 });
  });

  it("a background PDF counts the comments it covers, not the pingbacks it leaves out", async () => {
    const { pool } = await import("@/lib/db");
    await pool.query("UPDATE comment SET kind = 'pingback' WHERE source_comment_id = 'b0'");
    try {
      const filters = reportFiltersSchema.parse({ source: ["wide-site"] });
      const result = await writeReportFile(randomUUID(), { format: "pdf", bom: false, filters, userId: owner.id, via: "ui" });
      expect(result.rows).toBe(ROWS - 1);
    } finally {
      await pool.query("UPDATE comment SET kind = 'comment' WHERE source_comment_id = 'b0'");
    }
  });

  it("npm run export -- --background queues a job that npm run jobs -- ID --wait follows to its file", { timeout: 120_000 }, async () => {
    const refused = await runScript("scripts/export.ts", ["--format", "csv", "--background", "--out", "x.csv"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/--out cannot be used with --background/);

    const queued = await runScript("scripts/export.ts", ["--format", "jsonl", "--source", "other-site", "--background"]);
    expect(queued.code, queued.stderr).toBe(0);
    const id = /queued jsonl export ([0-9a-f-]{36}); follow it with: npm run jobs -- \1 --wait/.exec(queued.stdout)?.[1];
    expect(id, queued.stdout).toBeDefined();
    // Only admins see an export made from the command line, which has no user.
    await expect(getReportExport(id!, owner)).rejects.toMatchObject({ status: 404 });
    expect(await getReportExport(id!, admin)).toMatchObject({ state: "queued", format: "jsonl", filters: { source: ["other-site"] } });

    const worker = startWorker(exportDir);
    const followed = await runScript("scripts/jobs.ts", [id!, "--wait"], { EXPORT_DIR: exportDir });
    await stopWorker(worker);
    expect(followed.code, followed.stderr).toBe(0);
    const file = path.join(exportDir, `${id}.jsonl`);
    expect(followed.stdout).toContain(`export-report ${id}: done, 1 / 1 (100%)\n  file: ${file}`);
    const lines = (await fs.readFile(file, "utf8")).trimEnd().split("\n").map((l) => JSON.parse(l) as { sourceId: string });
    expect(lines.map((l) => l.sourceId)).toEqual(["o1"]);
  });

  it("refuses an invalid report before queueing it", async () => {
    await expect(enqueueReportExport({ format: "xls" as "csv", filters: {} }, { userId: owner.id, via: "api" })).rejects.toThrow(/format/);
    await expect(
      enqueueReportExport({ format: "csv", filters: { from: "2026-02-30" } }, { userId: owner.id, via: "api" }),
    ).rejects.toThrow(/YYYY-MM-DD/);
    await expect(getReportExport("../../etc/passwd", owner)).rejects.toThrow(/export job id/);
  });

  it("keeps each person to three exports queued or running at once; the command line has no limit", async () => {
    const filters = reportFiltersSchema.parse({ source: ["wide-site"] });
    const queued = [];
    for (let i = 0; i < 3; i++) queued.push(await enqueueReportExport({ format: "csv", filters }, { userId: colleague.id, via: "api" }));
    const refused = await enqueueReportExport({ format: "csv", filters }, { userId: colleague.id, via: "ui" }).catch((err: unknown) => err);
    expect(refused).toMatchObject({ status: 429 });
    expect((refused as Error).message).toMatch(/^you have 3 exports queued or running/);
    // Nothing of the refused one was recorded.
    expect((await listReportExports(colleague)).map((j) => j.id).sort()).toEqual(queued.map((j) => j.id).sort());
    // Others are not held up by it.
    const cli = await enqueueReportExport({ format: "csv", filters }, { userId: null, via: "cli" });
    // One cancelled makes room for one more.
    await cancelReportExport(queued[0]!.id, colleague);
    const more = await enqueueReportExport({ format: "csv", filters }, { userId: colleague.id, via: "ui" });
    for (const job of [...queued.slice(1), more]) await cancelReportExport(job.id, colleague);
    await cancelReportExport(cli.id, "cli");
  });

  it("a job that cannot write its file reports failure and leaves nothing to download", { timeout: 120_000 }, async () => {
    // A folder below a regular file can never be created.
    const blocker = path.join(exportDir, "not-a-folder");
    await fs.writeFile(blocker, "");
    const job = await enqueueReportExport({ format: "csv", filters: {} }, { userId: owner.id, via: "api" });
    const worker = startWorker(path.join(blocker, "exports"));
    const failed = await finished(job.id);
    expect(failed).toMatchObject({ state: "failed", message: "the export folder could not be written (ENOTDIR)", bytes: null });
    expect(await getProgress(job.id)).toMatchObject({ state: "failed" });
    await expect(openReportExportFile(job.id, owner)).rejects.toMatchObject({ status: 409 });
    await stopWorker(worker);
  });

  it("cancels a queued export, which no worker then runs; a running one stops before its file", { timeout: 120_000 }, async () => {
    const filters = reportFiltersSchema.parse({ source: ["wide-site"] });
    const queued = await enqueueReportExport({ format: "csv", filters }, { userId: owner.id, via: "ui" });
    await expect(cancelReportExport(queued.id, colleague)).rejects.toMatchObject({ status: 404 });
    expect(await cancelReportExport(queued.id, owner)).toMatchObject({ state: "failed", message: "cancelled" });
    expect(await getProgress(queued.id)).toMatchObject({ state: "failed", message: "cancelled" });
    await expect(cancelReportExport(queued.id, owner)).rejects.toMatchObject({ status: 409 });

    // What a running export does at its next progress report once its job is cancelled.
    const input = { format: "csv" as const, bom: false, filters, userId: owner.id, via: "ui" as const };
    await expect(writeReportFile(queued.id, input)).rejects.toBeInstanceOf(ExportCancelledError);
    expect(await getProgress(queued.id)).toMatchObject({ state: "failed", message: "cancelled" });

    // A worker started now leaves the cancelled export alone and runs the next one.
    const next = await enqueueReportExport({ format: "jsonl", filters }, { userId: owner.id, via: "ui" });
    const worker = startWorker(exportDir);
    expect(await finished(next.id)).toMatchObject({ state: "done", done: ROWS });
    expect(await getReportExport(queued.id, owner)).toMatchObject({ state: "failed", message: "cancelled" });
    expect((await fs.readdir(exportDir)).filter((f) => f.includes(queued.id))).toEqual([]);
    await expect(cancelReportExport(next.id, owner)).rejects.toMatchObject({ status: 409 });
    await stopWorker(worker);
  });

  it("npm run export to standard output ends with a message, not a crash, when its reader stops early", { timeout: 120_000 }, async () => {
    // As `npm run -s export -- --format csv | head -1`: the reader closes the pipe after the first rows.
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/export.ts", "--format", "csv", "--source", "wide-site"], { cwd: PROJECT_ROOT, env: process.env });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const exited = once(child, "close");
    await once(child.stdout, "data");
    child.stdout.destroy();
    const [code] = await exited;
    expect(code).toBe(1);
    expect(stderr).toBe("error: standard output was closed before the export ended (EPIPE)\n");
    const { pool } = await import("@/lib/db");
    const run = await pool.query("SELECT status, row_count FROM export_run WHERE via = 'cli' AND format = 'csv' ORDER BY id DESC LIMIT 1");
    expect(run.rows).toEqual([{ status: "cancelled", row_count: expect.any(Number) }]);
    expect(run.rows[0].row_count).toBeLessThan(ROWS);

    // A reader gone before the first row (the write that fails is not one waiting for room).
    const early = spawn(process.execPath, ["--import", "tsx", "scripts/export.ts", "--format", "jsonl", "--source", "other-site"], { cwd: PROJECT_ROOT, env: process.env });
    early.stdout.destroy();
    let earlyErr = "";
    early.stderr.on("data", (d) => (earlyErr += d));
    const [earlyCode] = await once(early, "close");
    expect(earlyCode).toBe(1);
    expect(earlyErr).toBe("error: standard output was closed before the export ended (EPIPE)\n");
  });

  it("a file written before a commenter's data was erased is no longer offered, even where the erasure could not delete it", { timeout: 120_000 }, async () => {
    const filters = reportFiltersSchema.parse({ source: ["other-site"] });
    const before = await enqueueReportExport({ format: "jsonl", filters }, { userId: owner.id, via: "ui" });
    let worker = startWorker(exportDir);
    expect(await finished(before.id)).toMatchObject({ state: "done", fileKept: true, message: null });
    await stopWorker(worker);

    const { pool } = await import("@/lib/db");
    const { rows } = await pool.query<{ commenter_id: number }>("SELECT commenter_id FROM comment WHERE source_comment_id = 'o1'");
    await eraseCommenter(rows[0]!.commenter_id);
    // The erasure ran elsewhere (npm run privacy deletes files in its own machine's EXPORT_DIR): this one is still here.
    expect(await fs.readdir(exportDir)).toContain(`${before.id}.jsonl`);
    const erased = /a commenter's data was erased after it was written/;
    expect(await getReportExport(before.id, owner)).toMatchObject({ state: "done", fileKept: false, message: expect.stringMatching(erased) });
    expect((await listReportExports(owner)).find((j) => j.id === before.id)).toMatchObject({ fileKept: false });
    await expect(openReportExportFile(before.id, owner)).rejects.toMatchObject({ status: 410, message: expect.stringMatching(erased) });

    // An export written after the erasure is offered, with the placeholder text.
    const after = await enqueueReportExport({ format: "jsonl", filters }, { userId: owner.id, via: "ui" });
    worker = startWorker(exportDir);
    expect(await finished(after.id)).toMatchObject({ state: "done", fileKept: true });
    await stopWorker(worker);
    expect(JSON.parse(await download(after.id, owner))).toMatchObject({ sourceId: "o1", body: "[removed at the commenter's request]" });
  });
});
