import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db";
import { importFiles } from "@/lib/ingest";
import { markInterruptedRuns, startRun } from "@/lib/ingest/runs";
import { storeComments } from "@/lib/ingest/store";
import { planDemo } from "@/lib/demo/generate";
import { writeDisqusExport } from "@/lib/demo/disqus-xml";
import { FIXTURES, PROJECT_ROOT } from "../support/paths";

const tmp = await fsp.mkdtemp(path.join(os.tmpdir(), "cdk-crash-"));
afterAll(() => fsp.rm(tmp, { recursive: true, force: true }));

/** The import CLI as its own process (no tsx wrapper process, so a kill reaches the importer itself). */
function startImport(args: string[]): { child: ChildProcess; done: Promise<{ code: number | null; signal: string | null; stdout: string }> } {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(PROJECT_ROOT, "scripts", "import.ts"), ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.resume();
  const done = new Promise<{ code: number | null; signal: string | null; stdout: string }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout })),
  );
  return { child, done };
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const counts = async () => {
  const { rows } = await pool.query<{ comments: number; threads: number; scores: number; commenters: number }>(
    `SELECT (SELECT count(*) FROM comment)::int AS comments, (SELECT count(*) FROM thread)::int AS threads,
            (SELECT count(*) FROM score)::int AS scores, (SELECT count(*) FROM commenter)::int AS commenters`,
  );
  return rows[0]!;
};

describe("an import killed mid-file", () => {
  it("leaves the database as it was; the rerun completes it without duplicates", async () => {
    await importFiles([path.join(FIXTURES, "isso", "disqus.xml")]);
    const before = await counts();
    expect(before.comments).toBe(5);

    const file = path.join(tmp, "big.xml");
    const out = fs.createWriteStream(file);
    const plan = planDemo({ comments: 40_000, seed: 11, end: new Date("2026-06-01T00:00:00Z") });
    await writeDisqusExport(plan, out);
    await new Promise<void>((resolve) => out.end(resolve));

    const run = startImport(["--json", file]);
    // Wait until the importer is writing comment rows inside its transaction: truly mid-file
    // (the statement of SourceWriter.writeComments; pg_stat_activity shows only its first 1 kB).
    await until(async () => {
      const { rows } = await pool.query(
        `SELECT 1 FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND state = 'active' AND query LIKE 'WITH batch AS MATERIALIZED%'`,
      );
      return rows.length > 0;
    }, "the importer to write comments");
    run.child.kill("SIGKILL");
    const ended = await run.done;
    expect(ended.signal).toBe("SIGKILL");
    // PostgreSQL rolls the transaction back once it notices the client is gone.
    await until(async () => {
      const { rows } = await pool.query(
        `SELECT 1 FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname = current_database() AND backend_type = 'client backend' AND xact_start IS NOT NULL`,
      );
      return rows.length === 0;
    }, "the killed import's transaction to end");

    expect(await counts()).toEqual(before);
    const interrupted = await db.importRun.findFirstOrThrow({ where: { file }, select: { id: true, status: true } });
    expect(interrupted.status).toBe("running");
    expect(await markInterruptedRuns(0)).toBe(1);
    expect(await db.importRun.findUniqueOrThrow({ where: { id: interrupted.id }, select: { status: true, errors: true } })).toEqual({
      status: "failed",
      errors: [{ line: 0, message: "the import stopped before it finished (the process ended); nothing from this file was stored" }],
    });

    const rerun = startImport(["--json", file]);
    const finished = await rerun.done;
    expect(finished.code).toBe(0);
    expect(JSON.parse(finished.stdout.trim().split("\n").pop()!)).toMatchObject({ files: 1, comments: 40_000, inserted: 40_000, updated: 0, unchanged: 0, rejected: [] });
    const after = await counts();
    expect(after.comments).toBe(before.comments + 40_000);
    const { rows } = await pool.query<{ dupes: number; unscored: number; unlinked: number }>(
      `SELECT (SELECT count(*) FROM (SELECT source_id, source_comment_id FROM comment GROUP BY 1, 2 HAVING count(*) > 1) d)::int AS dupes,
              (SELECT count(*) FROM comment c WHERE NOT EXISTS (SELECT 1 FROM score s WHERE s.comment_id = c.id))::int AS unscored,
              (SELECT count(*) FROM comment WHERE parent_source_id IS NOT NULL AND parent_id IS NULL)::int AS unlinked`,
    );
    expect(rows[0]).toEqual({ dupes: 0, unscored: 0, unlinked: 0 });
  }, 300_000);

  it("never takes a committed file's run for a dead one, even before its counts are recorded", async () => {
    const runId = await startRun("committed.jsonl", "jsonl", null);
    await storeComments(
      {
        source: { key: "committed", name: "committed", platform: "test" },
        threads: [{ key: "c-thread", title: "Committed" }],
        comments: [{ sourceCommentId: "c1", threadKey: "c-thread", authorKey: "a", authorName: "A", body: "Stored.", postedAt: new Date("2026-03-01T10:00:00Z"), sourceStatus: "visible" }],
      },
      { runId },
    );
    // The run's lock went with the commit; its counts are recorded after it (finishRun), not yet here.
    expect(await markInterruptedRuns(0)).toBe(0);
    expect(await db.importRun.findUniqueOrThrow({ where: { id: runId }, select: { status: true } })).toEqual({ status: "succeeded" });
  });
});
