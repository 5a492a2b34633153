import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { ImportWriter } from "@/lib/ingest/writer";
import { demoComments, planDemo } from "@/lib/demo/generate";
import { activeScorer } from "@/lib/scoring";
import { setThresholds } from "@/lib/moderation";
import { getProgress, runningRescore, startRescore, stopBoss } from "@/lib/jobs";
import { PROJECT_ROOT } from "../support/paths";
import { until } from "../support/until";

// A lease short enough that the killed worker's job is retried well within the wait for the
// run below, yet long enough that no batch outlives it on a machine busy with other test
// files (a live job would then be retried as well, and its retries counted twice). Frequent
// maintenance finds the expired job at once. Set here too: the test process creates the
// queue and inserts the jobs.
process.env.JOB_EXPIRE_SECONDS = "15";
process.env.JOB_MAINTENANCE_SECONDS = "1";

const COMMENTS = 24_000;
const workers: ChildProcess[] = [];

/** Stores generated comments without scoring them: the rescore run has all the work to do. */
async function storeUnscored() {
  const plan = planDemo({ seed: 99, comments: COMMENTS, end: new Date("2026-06-01T00:00:00Z") });
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    for (let s = 0; s < plan.sources.length; s++) {
      const writer = await ImportWriter.begin(client, plan.sources[s]!.source);
      await writer.writeThreads(plan.sources[s]!.threads);
      let batch = [];
      for (const c of demoComments(plan, s)) {
        batch.push(c);
        if (batch.length === 5000) {
          await writer.writeComments(batch);
          batch = [];
        }
      }
      await writer.writeComments(batch);
    }
    await client.query("COMMIT");
  } finally {
    client.release();
  }
}

function startWorker(name: string): { child: ChildProcess; lines: string[] } {
  const lines: string[] = [];
  // `node --import tsx` runs the worker in this one process (the tsx CLI would add a parent
  // process, and killing that would leave the real worker running).
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts", "--queues", "rescore"], {
    cwd: PROJECT_ROOT,
    env: process.env,
  });
  child.stdout!.on("data", (d) => lines.push(...String(d).split("\n").filter(Boolean).map((l) => `${name}: ${l}`)));
  child.stderr!.on("data", (d) => lines.push(`${name} stderr: ${d}`));
  workers.push(child);
  log.push(lines);
  return { child, lines };
}


const log: string[][] = [];
afterAll(async () => {
  if (process.env.DEBUG_WORKERS) for (const lines of log) console.log(lines.join("\n"));
  for (const w of workers) if (w.exitCode === null) w.kill("SIGKILL");
  await stopBoss();
});

describe("background workers", () => {
  it("share a rescore run; a worker killed mid-job (kill -9) loses nothing and nothing is done twice", { timeout: 240_000 }, async () => {
    await storeUnscored();
    // The queue schema is created by the first enqueue, before workers start.
    const run = await startRescore({ batchSize: 1000 });
    expect(run).toMatchObject({ batches: 24, total: COMMENTS });
    // A second one while it runs would score every comment again beside it: refused, naming the first.
    await expect(startRescore({ batchSize: 1000 })).rejects.toMatchObject({ status: 409, current: { runId: run.runId } });
    expect(await runningRescore()).toEqual({ runId: run.runId, kind: "rescore" });

    // A starts alone; once the database shows a job active, only A can be running it.
    const a = startWorker("A");
    const inFlight = await until(
      "worker A to be in the middle of a job",
      async () => {
        const { rows } = await pool.query<{ id: string }>("SELECT id FROM pgboss.job WHERE name = 'rescore' AND state = 'active'");
        return rows[0]?.id;
      },
      60_000,
    );
    a.child.kill("SIGKILL");
    // Two fresh workers share what is left, and take over A's job once its lease runs out.
    const b = startWorker("B");
    const c = startWorker("C");

    const progress = await until(
      "the run to finish",
      async () => {
        const p = await getProgress(run.runId);
        return p && p.done === p.total ? p : undefined;
      },
      120_000,
    );
    expect(progress).toMatchObject({ done: COMMENTS, total: COMMENTS, state: "done" });

    const model = activeScorer().model;
    const { rows: scores } = await pool.query<{ n: number; comments: number }>(
      "SELECT count(*)::int AS n, count(DISTINCT comment_id)::int AS comments FROM score WHERE model = $1 AND model_version = $2",
      [model.name, model.version],
    );
    expect(scores[0]).toEqual({ n: COMMENTS, comments: COMMENTS });

    const { rows: jobs } = await pool.query<{ state: string; n: number; retried: number }>(
      `SELECT state, count(*)::int AS n, count(*) FILTER (WHERE retry_count > 0)::int AS retried
       FROM (SELECT state, retry_count FROM pgboss.job WHERE name = 'rescore'
             UNION ALL SELECT state, retry_count FROM pgboss.archive WHERE name = 'rescore') j
       GROUP BY state`,
    );
    const byState = Object.fromEntries(jobs.map((j) => [j.state, j]));
    expect(byState.completed?.n).toBe(24);
    expect(byState.failed).toBeUndefined();
    // The job A was running when it died was picked up again after its lease expired.
    const { rows: killed } = await pool.query<{ state: string; retry_count: number }>(
      `SELECT state, retry_count FROM pgboss.job WHERE id = $1 UNION ALL SELECT state, retry_count FROM pgboss.archive WHERE id = $1`,
      [inFlight],
    );
    expect(killed).toEqual([{ state: "completed", retry_count: 1 }]);
    // B and C shared the rest.
    expect(b.lines.filter((l) => l.includes(" done in ")).length).toBeGreaterThan(0);
    expect(c.lines.filter((l) => l.includes(" done in ")).length).toBeGreaterThan(0);
    // Flags were applied along the way, once per comment.
    const { rows: flags } = await pool.query<{ dupes: number }>(
      "SELECT count(*)::int AS dupes FROM (SELECT comment_id FROM decision WHERE action = 'flag' GROUP BY comment_id HAVING count(*) > 1) d",
    );
    expect(flags[0]!.dupes).toBe(0);
  });

  it("apply the flag rules alone to the stored comments, with their scores, as a run of its own", { timeout: 120_000 }, async () => {
    const model = activeScorer().model;
    const { rows: before } = await pool.query<{ n: number; last: Date }>(
      "SELECT count(*)::int AS n, max(scored_at) AS last FROM score WHERE model = $1 AND model_version = $2",
      [model.name, model.version],
    );
    await setThresholds({ incivility: 0.2 });
    try {
      const run = await startRescore({ batchSize: 1000, rulesOnly: true });
      expect(run.kind).toBe("rules");
      expect(run.runId).toMatch(/^rules-/);
      // One of either at a time: a rescore applies the rules too.
      await expect(startRescore({ batchSize: 1000 })).rejects.toMatchObject({ status: 409, current: { runId: run.runId, kind: "rules" } });
      expect(await runningRescore()).toEqual({ runId: run.runId, kind: "rules" });
      if (!workers.some((w) => w.exitCode === null)) startWorker("D");
      const progress = await until("the rules run to finish", async () => {
        const p = await getProgress(run.runId);
        return p && p.state !== "running" && p.state !== "queued" ? p : undefined;
      }, 90_000);
      expect(progress).toMatchObject({ state: "done", done: run.total, total: run.total });
      // Every undecided comment at or over the lower line is flagged now; nothing was scored again.
      const { rows: missed } = await pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM comment c JOIN score s ON s.comment_id = c.id AND s.model = $1 AND s.model_version = $2
         WHERE c.kind = 'comment' AND c.mod_status = 'none' AND s.incivility >= 0.2`,
        [model.name, model.version],
      );
      expect(missed[0]!.n).toBe(0);
      const { rows: after } = await pool.query<{ n: number; last: Date }>(
        "SELECT count(*)::int AS n, max(scored_at) AS last FROM score WHERE model = $1 AND model_version = $2",
        [model.name, model.version],
      );
      expect(after).toEqual(before);
    } finally {
      await setThresholds({ incivility: 0.5 });
    }
  });
});
