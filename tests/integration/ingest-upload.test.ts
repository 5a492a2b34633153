import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { beforeAll, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db";
import { createUser } from "@/lib/auth/users";
import { importUpload, uploadLimitBytes, uploadsInProgress, UploadTooLargeError, UPLOADS_AT_ONCE, UploadsBusyError } from "@/lib/ingest/upload";
import { until } from "../support/until";
import { listRuns, parseRunCursor, runCursor, type RunCursor } from "@/lib/ingest/runs";
import { FIXTURES } from "../support/paths";
import { importProgressStream, type ImportStreamLine } from "@/app/api/imports/progress-stream";
import { planDemo } from "@/lib/demo/generate";
import { writeDisqusExport } from "@/lib/demo/disqus-xml";
import os from "node:os";
import { SCORER_LOCK } from "@/lib/scoring/lock";

/** Everything a streamed import answers, line by line. */
async function streamedLines(stream: ReadableStream<Uint8Array>): Promise<ImportStreamLine[]> {
  const text = await new Response(stream).text();
  expect(text.endsWith("\n")).toBe(true);
  return text.trimEnd().split("\n").map((l) => JSON.parse(l) as ImportStreamLine);
}

const stream = (file: string) => Readable.toWeb(fs.createReadStream(file)) as WebReadableStream<Uint8Array>;
const bytes = (data: string | Buffer) => Readable.toWeb(Readable.from([Buffer.from(data)])) as WebReadableStream<Uint8Array>;

let userId: number;
beforeAll(async () => {
  await createUser({ email: "uploader@test.local", role: "moderator", password: "uploader-pass-123", name: "Uploader" });
  userId = (await db.user.findUniqueOrThrow({ where: { email: "uploader@test.local" }, select: { id: true } })).id;
});

describe("uploads through the Imports page", () => {
  it("imports an uploaded export with the same importer and records it under the uploader and the file's name", async () => {
    const file = path.join(FIXTURES, "isso", "disqus.xml");
    const result = await importUpload(stream(file), fs.statSync(file).size, { name: "disqus.xml" }, userId);
    expect(result).toMatchObject({ ok: true, summary: { file: "disqus.xml", format: "disqus", comments: 5, inserted: 5, orphans: 1 } });
    const [run] = await listRuns(1);
    expect(run).toMatchObject({ file: "disqus.xml", status: "succeeded", comments: 5, orphans: 1, user: "uploader@test.local" });
    expect(run!.errors).toEqual([expect.objectContaining({ line: 66, message: "6 names thread 1337, which is not in the file" })]);
  });

  it("lists runs newest first, page by page, with ties on the start time kept in order", async () => {
    const { rows } = await pool.query<{ id: number }>(
      `INSERT INTO import_run (file, format, status, started_at, finished_at)
       SELECT 'page-' || n || '.csv', 'csv', 'succeeded', '2020-01-01T00:00:00Z'::timestamptz + (n / 2) * interval '1 minute', now()
       FROM generate_series(1, 5) n RETURNING id`,
    );
    try {
      const all = (await listRuns(1000)).filter((r) => r.file.startsWith("page-")).map((r) => r.file);
      expect(all).toEqual(["page-5.csv", "page-4.csv", "page-3.csv", "page-2.csv", "page-1.csv"]);
      const seen: string[] = [];
      let before: RunCursor | undefined = parseRunCursor(runCursor((await listRuns(1000)).find((r) => r.file === "page-5.csv")!));
      seen.push("page-5.csv");
      while (before !== undefined) {
        const page = await listRuns(2, before);
        seen.push(...page.map((r) => r.file));
        before = page.length === 2 ? parseRunCursor(runCursor(page[1]!)) : undefined;
      }
      expect(seen.filter((f) => f.startsWith("page-"))).toEqual(all);
      // The cursor holds when the run it came from is gone.
      const fourth = (await listRuns(1000)).find((r) => r.file === "page-4.csv")!;
      await pool.query("DELETE FROM import_run WHERE id = $1", [fourth.id]);
      expect((await listRuns(10, parseRunCursor(runCursor(fourth)))).map((r) => r.file).filter((f) => f.startsWith("page-"))).toEqual(["page-3.csv", "page-2.csv", "page-1.csv"]);
      expect(parseRunCursor("12")).toBeUndefined();
    } finally {
      await pool.query("DELETE FROM import_run WHERE id = ANY($1::int[])", [rows.map((r) => r.id)]);
    }
  });

  it("answers a rejected file with its line and reason, and keeps only the base of a crafted name", async () => {
    // The name climbs out of wherever the upload's own folder is and back down into one this
    // test owns: a copy written by the name as given would land there and outlive the upload.
    const target = fs.mkdtempSync(path.join(os.tmpdir(), "cdk-upload-target-"));
    try {
      const crafted = path.join("../".repeat(32), target, "malformed.xml");
      expect(crafted.startsWith("../")).toBe(true);
      const result = await importUpload(stream(path.join(FIXTURES, "wordpress-importer", "malformed.xml")), null, { name: crafted, format: "wxr" }, userId);
      expect(result).toEqual({
        ok: false,
        rejected: { file: crafted, line: 27, message: "<rss> holds <notachanneltag> where a WordPress export has <channel>" },
      });
      const [run] = await listRuns(1);
      expect(run).toMatchObject({ file: crafted, status: "rejected", format: "wxr", comments: 0 });
      expect(fs.readdirSync(target)).toEqual([]);
    } finally {
      fs.rmSync(target, { recursive: true, force: true });
    }
  });

  it("records how many comments the run put in the review queue, and how many an edit took out", async () => {
    const csv = (second: string) =>
      `thread.key,sourceId,postedAt,author.name,body\nflags,f1,2026-05-01T10:00:00Z,Ann,"${second}"\nflags,f2,2026-05-01T10:05:00Z,Bo,Thanks for the clear report.\n`;
    const first = await importUpload(bytes(csv("You pathetic idiot, shut up, you moron.")), null, { name: "flags.csv" }, userId);
    expect(first).toMatchObject({ ok: true, summary: { inserted: 2, flagged: 1, unflagged: 0 } });
    expect(await listRuns(1)).toEqual([expect.objectContaining({ file: "flags.csv", flagged: 1, unflagged: 0 })]);
    // The reader's edit is civil: no rule flags it now, so it leaves the queue.
    const edited = await importUpload(bytes(csv("I disagree with the mayor on parking fees.")), null, { name: "flags.csv" }, userId);
    expect(edited).toMatchObject({ ok: true, summary: { updated: 1, unchanged: 1, flagged: 0, unflagged: 1 } });
    expect(await listRuns(1)).toEqual([expect.objectContaining({ file: "flags.csv", flagged: 0, unflagged: 1 })]);
    expect(await db.comment.findFirstOrThrow({ where: { sourceCommentId: "f1" }, select: { modStatus: true } })).toEqual({ modStatus: "none" });
  });

  it("tells a failure of the server from a bad file, without the database's own words", async () => {
    // A fault inside the database mid-import, worded the way a driver error names hosts.
    await pool.query(`CREATE FUNCTION fail_thread() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'could not write block 7 of relation base/16384/2619 on 10.0.0.5'; END $$`);
    await pool.query("CREATE TRIGGER fail_thread BEFORE INSERT ON thread FOR EACH ROW EXECUTE FUNCTION fail_thread()");
    try {
      const csv = "thread.key,sourceId,postedAt,author.name,body\nfault,x1,2026-05-02T10:00:00Z,Ann,A new thread.\n";
      const before = await db.comment.count();
      const result = await importUpload(bytes(csv), null, { name: "fault.csv" }, userId);
      expect(result).toEqual({
        ok: false,
        rejected: { file: "fault.csv", line: 0, serverFault: true, message: expect.stringMatching(/^the server failed while importing this file, so nothing of it was stored; try again \(the cause is in the server's log, import run \d+\)$/) },
      });
      expect(JSON.stringify(result)).not.toContain("10.0.0.5");
      expect(await db.comment.count()).toBe(before);
      const [run] = await listRuns(1);
      expect(run).toMatchObject({ file: "fault.csv", status: "failed" });
      expect(JSON.stringify(run!.errors)).not.toContain("10.0.0.5");
    } finally {
      await pool.query("DROP TRIGGER fail_thread ON thread; DROP FUNCTION fail_thread()");
    }
  });

  it("records the format it recognised for a file rejected later in its reading", async () => {
    const whole = fs.readFileSync(path.join(FIXTURES, "isso", "disqus.xml"), "utf8");
    const truncated = whole.slice(0, Math.floor(whole.length / 2));
    const result = await importUpload(bytes(truncated), null, { name: "cut-short.xml" }, userId);
    expect(result).toMatchObject({ ok: false, rejected: { file: "cut-short.xml" } });
    const [run] = await listRuns(1);
    expect(run).toMatchObject({ file: "cut-short.xml", status: "rejected", format: "disqus", comments: 0 });
  });

  it("imports a few uploads at once per server and asks the next to wait", async () => {
    const file = path.join(FIXTURES, "isso", "disqus.xml");
    // Uploads still arriving: their bodies end only when released.
    const releases: (() => void)[] = [];
    const slow = () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new Uint8Array(fs.readFileSync(file)));
          releases.push(() => controller.close());
        },
      }) as unknown as WebReadableStream<Uint8Array>;
    const running = Array.from({ length: UPLOADS_AT_ONCE }, () => importUpload(slow(), null, { name: "disqus.xml" }, userId));
    await until("both uploads to start", async () => uploadsInProgress() === UPLOADS_AT_ONCE, 10_000);
    const refused = await importUpload(bytes("<disqus/>"), null, { name: "third.xml" }, userId).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(UploadsBusyError);
    expect((refused as UploadsBusyError).status).toBe(429);
    for (const release of releases) release();
    for (const result of await Promise.all(running)) expect(result.ok).toBe(true);
    // Their turn over, the next one goes ahead.
    expect((await importUpload(stream(file), null, { name: "disqus.xml" }, userId)).ok).toBe(true);
  });

  it("tells an upload at once that a change of the scoring model is running, rather than hold it", async () => {
    const change = await pool.connect();
    try {
      // The scorer lock a running calibration, return to the shipped model or switch of profile holds.
      await change.query("SELECT pg_advisory_lock($1)", [SCORER_LOCK]);
      const refused = await importUpload(bytes("<disqus/>"), null, { name: "during-change.xml" }, userId).catch((err: unknown) => err);
      expect(refused).toMatchObject({ status: 409, message: expect.stringMatching(/change of the scoring model is running/) });
    } finally {
      await change.query("SELECT pg_advisory_unlock($1)", [SCORER_LOCK]);
      change.release();
    }
  });

  it("refuses files over the limit, declared or streamed, before importing anything", async () => {
    const runs = await db.importRun.count();
    await expect(importUpload(bytes("x".repeat(10)), 2_000, { name: "big.csv" }, userId, { limit: 1_000 })).rejects.toBeInstanceOf(UploadTooLargeError);
    const undeclared = importUpload(bytes("y".repeat(5_000)), null, { name: "big.csv" }, userId, { limit: 1_000 });
    await expect(undeclared).rejects.toMatchObject({ status: 413, message: expect.stringContaining("IMPORT_UPLOAD_MAX_MB") });
    expect(await db.importRun.count()).toBe(runs);
  });

  it("says an empty file is empty, whatever its name", async () => {
    for (const name of ["empty.xml", "empty.json", "blank.csv"]) {
      expect(await importUpload(bytes("\n \n"), null, { name }, userId)).toEqual({
        ok: false,
        rejected: { file: name, line: 1, message: "the file is empty" },
      });
    }
  });

  it("refuses names and contents of types the importer does not read, before importing anything", async () => {
    const runs = await db.importRun.count();
    await expect(importUpload(bytes("a,b\n"), 4, { name: "report.xlsx" }, userId)).rejects.toMatchObject({
      status: 415,
      message: expect.stringMatching(/^report\.xlsx: the Imports page takes \.xml, .*optionally gzipped/),
    });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    await expect(importUpload(bytes(png), png.length, { name: "comments.csv" }, userId)).rejects.toMatchObject({
      status: 415,
      message: "comments.csv is a PNG image, not a comment export",
    });
    expect(await db.importRun.count()).toBe(runs);
    // Gzip is recognised by its bytes whatever the name, as on the command line.
    const gz = gzipSync(Buffer.from("thread.key,sourceId,postedAt,body\nt1,c1,2026-01-02T03:04:05Z,Fine words\n"));
    const result = await importUpload(bytes(gz), gz.length, { name: "gz-named-plain.csv" }, userId);
    expect(result).toMatchObject({ ok: true, summary: { comments: 1 } });
  });

  it("reads the limit from IMPORT_UPLOAD_MAX_MB, 200 MB by default", () => {
    expect(uploadLimitBytes({})).toBe(200 * 1024 * 1024);
    expect(uploadLimitBytes({ IMPORT_UPLOAD_MAX_MB: "5" })).toBe(5 * 1024 * 1024);
    expect(() => uploadLimitBytes({ IMPORT_UPLOAD_MAX_MB: "lots" })).toThrow();
  });

  it("streams the import's progress as JSON lines and ends with the outcome", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cdk-upload-progress-"));
    const file = path.join(dir, "big.xml");
    const sink = fs.createWriteStream(file);
    const written = await writeDisqusExport(planDemo({ comments: 12_000, seed: 3, end: new Date("2026-06-01T00:00:00Z") }), sink);
    await new Promise<void>((resolve) => sink.end(resolve));
    const lines = await streamedLines(importProgressStream(stream(file), fs.statSync(file).size, { name: "big.xml" }, userId, 0));
    const progress = lines.filter((l) => l.type === "progress");
    expect(new Set(progress.map((p) => p.phase))).toEqual(new Set(["reading", "writing", "scoring"]));
    const reading = progress.filter((p) => p.phase === "reading");
    expect(reading.at(-1)!.bytesRead).toBeGreaterThan(reading[0]!.bytesRead);
    expect(reading.at(-1)!.bytesTotal).toBe(fs.statSync(file).size);
    expect(progress.filter((p) => p.phase === "writing").at(-1)).toMatchObject({ done: written.posts, total: written.posts });
    // Progress first, then exactly one outcome, last.
    expect(lines.slice(0, -1).every((l) => l.type === "progress")).toBe(true);
    expect(lines.at(-1)).toMatchObject({ type: "summary", summary: { file: "big.xml", comments: written.posts, inserted: written.posts } });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("ends a streamed import with the rejection or the error, as its last line", async () => {
    const rejected = await streamedLines(
      importProgressStream(stream(path.join(FIXTURES, "wordpress-importer", "malformed.xml")), null, { name: "malformed.xml", format: "wxr" }, userId, 0),
    );
    expect(rejected.at(-1)).toEqual({ type: "rejected", rejected: { file: "malformed.xml", line: 27, message: expect.stringContaining("<notachanneltag>") } });
    const empty = await streamedLines(importProgressStream(bytes(""), null, { name: "empty.csv" }, userId, 0));
    expect(empty).toEqual([{ type: "error", status: 422, error: "the upload is empty" }]);
  });
});
