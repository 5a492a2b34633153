import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { CANCELLED_MESSAGE, importFiles } from "@/lib/ingest/import-files";
import { planDemo } from "@/lib/demo/generate";
import { writeDisqusExport } from "@/lib/demo/disqus-xml";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { createUser } from "@/lib/auth/users";
import { importProgressStream, type ImportStreamLine } from "@/app/api/imports/progress-stream";
import { until } from "../support/until";

const tmp = await fsp.mkdtemp(path.join(os.tmpdir(), "cdk-cancel-"));
afterAll(() => fsp.rm(tmp, { recursive: true, force: true }));

async function demoExport(name: string, comments: number): Promise<string> {
  const file = path.join(tmp, name);
  const sink = fs.createWriteStream(file);
  await writeDisqusExport(planDemo({ comments, seed: 11, end: new Date("2026-06-01T00:00:00Z") }), sink);
  await new Promise<void>((resolve, reject) => sink.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return file;
}

const commentsNow = async () => (await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM comment")).rows[0]!.n;

describe("cancelling an import", () => {
  for (const phase of ["reading", "scoring"] as const) {
    it(`rolls the file back when cancelled while ${phase}, records the run as cancelled and leaves later files`, async () => {
      const file = await demoExport(`cancel-${phase}.xml`, 3000);
      const later = await demoExport(`later-${phase}.xml`, 10);
      const before = await commentsNow();
      const controller = new AbortController();
      const result = await importFiles([file, later], {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === phase && p.done > 0) controller.abort();
        },
      });
      expect(result.rejected).toEqual([
        { file, line: 0, message: CANCELLED_MESSAGE, cancelled: true },
        { file: later, line: 0, message: "cancelled before it began: nothing of this file was stored", cancelled: true },
      ]);
      expect(result).toMatchObject({ files: 1, inserted: 0 });
      expect(await commentsNow()).toBe(before);
      const { rows } = await pool.query("SELECT status, errors FROM import_run WHERE file = ANY($1::text[]) ORDER BY id", [[file, later]]);
      expect(rows).toEqual([{ status: "cancelled", errors: [{ line: 0, message: CANCELLED_MESSAGE }] }]);
    });
  }

  it("imports nothing and records no run for files a cancel came before", async () => {
    const file = await demoExport("cancel-early.xml", 10);
    const controller = new AbortController();
    controller.abort();
    const result = await importFiles([file], { signal: controller.signal });
    expect(result.rejected).toEqual([{ file, line: 0, message: "cancelled before it began: nothing of this file was stored", cancelled: true }]);
    expect(result.files).toBe(0);
    expect((await pool.query("SELECT 1 FROM import_run WHERE file = $1", [file])).rowCount).toBe(0);
  });

  it("stops a streamed upload whose reader hangs up (the page's Cancel, or the page closed)", async () => {
    const uploader = (await createUser({ email: "cancel-stream@test.local", role: "moderator", password: "long-enough-pw" })).user;
    const file = await demoExport("cancel-stream.xml", 12_000);
    const before = await commentsNow();
    const body = Readable.toWeb(fs.createReadStream(file)) as WebReadableStream<Uint8Array>;
    const answer = importProgressStream(body, fs.statSync(file).size, { name: "cancel-stream.xml" }, uploader.id, 0);
    const reader = answer.getReader();
    const decoder = new TextDecoder();
    // Read until the import is past reading, then hang up.
    for (let text = ""; ; ) {
      const { value, done } = await reader.read();
      expect(done).toBe(false);
      text += decoder.decode(value, { stream: true });
      const lines = text.split("\n").filter(Boolean).map((l) => JSON.parse(l) as ImportStreamLine);
      if (lines.some((l) => l.type === "progress" && l.phase !== "reading")) break;
    }
    await reader.cancel();
    const run = await until(
      "the run to be recorded as cancelled",
      async () => (await pool.query("SELECT status FROM import_run WHERE file = 'cancel-stream.xml' AND status <> 'running'")).rows[0],
      30_000,
    );
    expect(run).toEqual({ status: "cancelled" });
    expect(await commentsNow()).toBe(before);
  });
});
