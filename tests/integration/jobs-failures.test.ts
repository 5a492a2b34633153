import { afterAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { getBoss, getProgress, jobState, startProgress, startWorker, stopBoss } from "@/lib/jobs";
import { handlers } from "@/lib/jobs/handlers";
import { until } from "../support/until";

afterAll(() => stopBoss());

/** One comment in a source and thread of its own, written directly; its id. */
async function insertComment(key: string): Promise<number> {
  const { rows } = await pool.query<{ id: number }>(
    `WITH s AS (INSERT INTO source (key, name, platform) VALUES ($1, $1, 'test') RETURNING id),
          t AS (INSERT INTO thread (source_id, key, title) SELECT id, $1, $1 FROM s RETURNING id, source_id)
     INSERT INTO comment (source_id, thread_id, source_comment_id, author_name, body, posted_at, content_hash)
     SELECT t.source_id, t.id, $1 || '-1', 'Reader', 'A comment of its own.', now(), 'h' FROM t RETURNING id`,
    [key],
  );
  return rows[0]!.id;
}

describe("a connection lost while checked out", () => {
  it("does not end the process, and its next query fails as the database being unavailable", async () => {
    const { isDatabaseUnavailable } = await import("@/lib/errors");
    const client = await pool.connect();
    try {
      const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      // What a restart does to a session between two queries of a transaction (an import reading its file).
      await pool.query("SELECT pg_terminate_backend($1)", [rows[0]!.pid]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const err = await client.query("SELECT 1").catch((e: unknown) => e);
      expect(isDatabaseUnavailable(err)).toBe(true);
    } finally {
      client.release(true);
    }
  });
});

describe("background jobs when things go wrong", () => {
  it("starts the job queue again after a start that failed (the database away for a moment)", async () => {
    await stopBoss();
    const url = process.env.DATABASE_URL;
    process.env.DATABASE_URL = "postgresql://nobody:nothing@127.0.0.1:9/none";
    try {
      await expect(getBoss()).rejects.toThrow();
    } finally {
      process.env.DATABASE_URL = url;
    }
    // Before, the failed start was kept and every later job was refused until a restart.
    const boss = await getBoss();
    expect(await boss.getQueue("export-report")).toMatchObject({ name: "export-report" });
  });

  it("runs scheduled compaction, whose jobs pg-boss may create without data", { timeout: 60_000 }, async () => {
    const stop = await startWorker({ queues: ["compact-rollups"] });
    try {
      const boss = await getBoss();
      // What pg-boss stores for a schedule declared without data.
      const id = (await boss.send("compact-rollups", null as unknown as object))!;
      await until("the job to end", async () => {
        const state = (await jobState("compact-rollups", id))?.state;
        return state === "completed" || state === "failed" || state === "retry" ? state : undefined;
      }, 30_000).then((state) => expect(state).toBe("completed"));
      const { rows } = await pool.query("SELECT data FROM pgboss.schedule WHERE name = 'compact-rollups'");
      expect(rows).toEqual([{ data: {} }]);
    } finally {
      await stop();
    }
  });

  it("stopping says whether the running handlers ended, so the pool is not closed under one still writing", { timeout: 60_000 }, async () => {
    const { withScoringChangeLock } = await import("@/lib/scoring/lock");
    const comment = await insertComment("slow-batch");
    // A batch waits while a change of the model runs: a handler that outlasts the worker's stop time.
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => (finish = resolve));
    const change = withScoringChangeLock(() => gate);
    process.env.WORKER_STOP_SECONDS = "1";
    try {
      // Queued first: a worker takes a job waiting when it starts at once.
      const id = (await (await getBoss()).send("score-comments", { commentIds: [comment] }))!;
      const stop = await startWorker({ queues: ["score-comments"] });
      await until("the batch to start", async () => (await jobState("score-comments", id))?.state === "active", 30_000);
      expect(await stop()).toBe(false);
      finish();
      await change;
      // Given up, the batch is retried; once it has ended, stopping says nothing is left running.
      const again = await startWorker({ queues: ["score-comments"] });
      await until("the retried batch to end", async () => (await jobState("score-comments", id))?.state === "completed", 30_000);
      expect(await again()).toBe(true);
    } finally {
      delete process.env.WORKER_STOP_SECONDS;
      finish();
      await change;
    }
  });

  it("marks an import failed when pg-boss failed its job for good with no one left to say so", async () => {
    const { enqueueImport, settleDeadImport } = await import("@/lib/jobs/imports");
    const id = await enqueueImport("tests/integration/jobs-failures.test.ts");
    await startProgress(id, "import", 0);
    // Still being tried: left alone.
    expect(await settleDeadImport(id)).toBe(false);
    // What pg-boss leaves when the worker is killed on the last try, or the lease runs out.
    await pool.query("UPDATE pgboss.job SET state = 'failed' WHERE id = $1::uuid", [id]);
    expect(await settleDeadImport(id)).toBe(true);
    expect(await getProgress(id)).toMatchObject({ state: "failed", message: expect.stringMatching(/stopped on its last try/) });
    expect(await settleDeadImport(id)).toBe(false);
  });

  it("marks a rescore run failed when pg-boss failed one of its batches for good", async () => {
    const { settleDeadRescore } = await import("@/lib/jobs/rescore");
    const runId = "rescore-dead-batch";
    await startProgress(runId, "rescore", 10);
    const boss = await getBoss();
    const id = (await boss.send("rescore", { runId, fromId: 1, toId: 5 }))!;
    expect(await settleDeadRescore(runId)).toBe(false);
    await pool.query("UPDATE pgboss.job SET state = 'failed' WHERE id = $1::uuid", [id]);
    expect(await settleDeadRescore(runId)).toBe(true);
    expect(await getProgress(runId)).toMatchObject({ state: "failed", message: expect.stringMatching(/comments 1–5\) stopped on its last try/) });
  });

  it("ends a rescore run whose failed batch pg-boss archived, or that has no batch left to run", async () => {
    const { settleDeadRescore } = await import("@/lib/jobs/rescore");
    const boss = await getBoss();
    const archived = "rescore-archived-batch";
    await startProgress(archived, "rescore", 10);
    const id = (await boss.send("rescore", { runId: archived, fromId: 11, toId: 15 }))!;
    // pg-boss's maintenance moves finished and failed jobs to its archive after a while.
    await pool.query("UPDATE pgboss.job SET state = 'failed' WHERE id = $1::uuid", [id]);
    await pool.query("WITH moved AS (DELETE FROM pgboss.job WHERE id = $1::uuid RETURNING *) INSERT INTO pgboss.archive SELECT moved.*, now() FROM moved", [id]);
    expect(await settleDeadRescore(archived)).toBe(true);
    expect(await getProgress(archived)).toMatchObject({ state: "failed", message: expect.stringMatching(/comments 11–15\) stopped on its last try/) });

    // Its only batch cancelled: nothing will ever finish it, and it would refuse every later rescore.
    const orphaned = "rescore-nothing-left";
    await startProgress(orphaned, "rescore", 10);
    const cancelled = (await boss.send("rescore", { runId: orphaned, fromId: 16, toId: 20 }))!;
    expect(await settleDeadRescore(orphaned)).toBe(false);
    await boss.cancel("rescore", cancelled);
    expect(await settleDeadRescore(orphaned)).toBe(true);
    expect(await getProgress(orphaned)).toMatchObject({ state: "failed", message: expect.stringMatching(/ended without finishing/) });
  });

  it("settles dead runs on its schedule, without anyone following them", async () => {
    const { enqueueImport } = await import("@/lib/jobs/imports");
    const boss = await getBoss();
    const dead = await enqueueImport("tests/integration/jobs-failures.test.ts");
    const alive = await enqueueImport("tests/integration/jobs-failures.test.ts");
    await startProgress(dead, "import", 0);
    await startProgress(alive, "import", 0);
    const runId = "rescore-settled-by-schedule";
    await startProgress(runId, "rescore", 10);
    const batch = (await boss.send("rescore", { runId, fromId: 6, toId: 9 }))!;
    await pool.query("UPDATE pgboss.job SET state = 'failed' WHERE id = ANY($1::uuid[])", [[dead, batch]]);

    expect(await handlers["settle-runs"]()).toEqual({ ended: 2 });
    expect(await getProgress(dead)).toMatchObject({ state: "failed" });
    expect(await getProgress(runId)).toMatchObject({ state: "failed" });
    // Still being tried: left running.
    expect(await getProgress(alive)).toMatchObject({ state: "running" });
    expect(await handlers["settle-runs"]()).toEqual({ ended: 0 });
    // A change of the model whose record is written but whose job is not queued yet is left alone.
    const { queueProgress } = await import("@/lib/jobs/progress");
    await queueProgress("00000000-0000-4000-8000-00000000c0de", "calibrate");
    expect(await handlers["settle-runs"]()).toEqual({ ended: 0 });
    expect(await getProgress("00000000-0000-4000-8000-00000000c0de")).toMatchObject({ state: "queued" });
  });

  it("marks a rescore run failed when one of its batches runs out of tries, not running forever", async () => {
    const runId = "rescore-out-of-tries";
    await startProgress(runId, "rescore", 10);
    // Ids past PostgreSQL's integer make the batch's query fail, as a broken batch would.
    const batch = { runId, fromId: 3_000_000_000, toId: 3_000_000_001 };
    await expect(handlers.rescore(batch, { id: "a", lastTry: false })).rejects.toThrow();
    expect(await getProgress(runId)).toMatchObject({ state: "running" });
    await expect(handlers.rescore(batch, { id: "a", lastTry: true })).rejects.toThrow();
    const progress = await getProgress(runId);
    expect(progress).toMatchObject({ state: "failed" });
    expect(progress!.message).toMatch(/a batch \(comments 3000000000–3000000001\) failed: .*Start the rescore again/);
  });

  it("says why when a batch's scoring fails on its last try (a model server down), not that its worker stopped", async () => {
    const { setScoringConfig } = await import("@/lib/scoring/settings");
    const id = await insertComment("server-down");
    const runId = "rescore-server-down";
    await startProgress(runId, "rescore", 1);
    try {
      await setScoringConfig({ provider: "http", http: { url: "http://127.0.0.1:9/score", model: { name: "down-model", version: "1" }, retries: 0 } });
      await expect(handlers.rescore({ runId, fromId: id, toId: id }, { id: "b", lastTry: true })).rejects.toThrow();
    } finally {
      await setScoringConfig({ provider: "builtin" });
    }
    const progress = await getProgress(runId);
    expect(progress).toMatchObject({ state: "failed" });
    expect(progress!.message).toMatch(new RegExp(`a batch \\(comments ${id}–${id}\\) failed: .+Start the rescore again`));
  });

  it("counts a rescore batch once, by the comments planned for it, however often it commits", async () => {
    const ids = (await pool.query<{ id: number }>(
      `WITH s AS (INSERT INTO source (key, name, platform) VALUES ('planned', 'planned', 'test') RETURNING id),
            t AS (INSERT INTO thread (source_id, key, title) SELECT id, 'planned', 'Planned' FROM s RETURNING id, source_id)
       INSERT INTO comment (source_id, thread_id, source_comment_id, author_name, body, posted_at, content_hash)
       SELECT t.source_id, t.id, 'planned-' || g, 'Reader', 'Counted once.', now(), 'h' || g FROM t, generate_series(1, 3) g
       RETURNING id`,
    )).rows.map((r) => r.id);
    expect(ids).toHaveLength(3);
    const runId = "rescore-counted-once";
    await startProgress(runId, "rescore", 5);
    const lo = Math.min(...ids);
    const hi = Math.max(...ids);
    // Planned as 2 when queued: a third comment written into the range since does not count.
    const batch = { runId, fromId: lo, toId: hi, planned: 2 };
    await handlers.rescore(batch, { id: "b", lastTry: false });
    expect(await getProgress(runId)).toMatchObject({ done: 2, total: 5, state: "running" });
    // The same batch committing again (retried after its worker died past its commit).
    await handlers.rescore(batch, { id: "b", lastTry: false });
    expect(await getProgress(runId)).toMatchObject({ done: 2, state: "running" });
    await handlers.rescore({ runId, fromId: hi + 1_000, toId: hi + 1_002, planned: 3 }, { id: "c", lastTry: false });
    expect(await getProgress(runId)).toMatchObject({ done: 5, state: "done" });
  });
});
