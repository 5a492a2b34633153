import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db";
import { activeScorer } from "@/lib/scoring";
import { lexiconScorer } from "@/lib/scoring/legacy/lexicon-scorer";
import { rescoreComments } from "@/lib/scoring/rescore";
import { setScoringConfig } from "@/lib/scoring/settings";
import { activateScoringConfig, getScoringStatus } from "@/lib/scoring/service";
import { builtinEngine, builtinModelInfo, scorerOf } from "@/lib/scoring/builtin";
import { storeThread } from "../support/store-fixture";

// The shipped models' version, whatever it is now.
const V = builtinModelInfo("default").version;

const modelsOf = async () =>
  (await db.score.groupBy({ by: ["model", "modelVersion"], _count: true, orderBy: { model: "asc" } })).map(
    (g) => `${g.model}@${g.modelVersion}:${g._count}`,
  );

beforeAll(async () => {
  await storeThread("t1", [
    { id: "a1", body: "Thanks for this careful reporting on the harbour." },
    { id: "a2", body: "Only an idiot would write this, you moron." },
    { id: "a3", body: "The council votes on the budget next week." },
  ]);
});

describe("the active scorer", () => {
  it("scores imports with the shipped default profile and reports it", async () => {
    expect(await modelsOf()).toEqual([`builtin-default@${V}:3`]);
    expect(activeScorer().model).toEqual({ name: "builtin-default", version: `${V}` });
    const status = await getScoringStatus();
    expect(status).toMatchObject({
      provider: "builtin",
      profile: "default",
      model: { name: "builtin-default", version: `${V}` },
      commercialUse: true,
      threshold: 0.5,
      calibration: null,
    });
    expect(status.crossValidated!.rocAuc).toBeGreaterThan(0.7);
  });

  it("switches profile: scores every comment with the new model first, then makes it active", async () => {
    const result = await activateScoringConfig({ profile: "news" });
    expect(result).toEqual({ model: { name: "builtin-news", version: `${V}` }, rescored: 3 });
    expect(activeScorer().model).toEqual({ name: "builtin-news", version: `${V}` });
    await storeThread("t2", [{ id: "b1", body: "A second thread, a civil remark." }]);
    expect(await modelsOf()).toEqual([`builtin-default@${V}:3`, `builtin-news@${V}:4`]);
    expect((await getScoringStatus()).commercialUse).toBe(false);
    await activateScoringConfig({ profile: "default" });
    expect(await modelsOf()).toEqual([`builtin-default@${V}:4`, `builtin-news@${V}:4`]);
  });

  it("answers a new process's first request with the model the settings name, not the shipped one", async () => {
    const { getComment } = await import("@/lib/moderation");
    const { builtinScorerFor, useActiveState } = await import("@/lib/scoring/registry");
    const { rows } = await pool.query<{ id: number }>("SELECT min(id) AS id FROM comment");
    await setScoringConfig({ provider: "builtin", profile: "news" });
    try {
      // As a process starts: nothing read from the settings yet, the shipped default in hand.
      useActiveState({ scorer: builtinScorerFor("default", null), provider: "builtin", profile: "default", calibration: null, loadedAt: 0 });
      expect((await getComment(rows[0]!.id)).score).toMatchObject({ model: "builtin-news" });
    } finally {
      await activateScoringConfig({ profile: "default" });
    }
  });

  it("rescores with another model for comparison, without touching flags, and resumes only what is missing", async () => {
    const decisions = await db.decision.count();
    const progress: number[] = [];
    const run = await rescoreComments({ scorer: lexiconScorer, batchSize: 2, onProgress: (p) => progress.push(p.done) });
    expect(run).toMatchObject({ model: { name: "builtin-lexicon", version: "0.1.0" }, scored: 4, flagged: 0 });
    expect(progress).toEqual([0, 2, 4]);
    expect(await db.decision.count()).toBe(decisions);
    await pool.query("DELETE FROM score WHERE model = 'builtin-lexicon' AND comment_id = (SELECT min(id) FROM comment)");
    const resumed = await rescoreComments({ scorer: lexiconScorer, onlyMissing: true });
    expect(resumed.scored).toBe(1);
    expect(await modelsOf()).toContain("builtin-lexicon@0.1.0:4");
  });
});

describe("background scoring beside a change of the model", () => {
  // Whether some connection holds (or waits for) the scorer lock in the given mode.
  const scorerLock = async (mode: "ShareLock" | "ExclusiveLock", granted: boolean) => {
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_locks
       WHERE locktype = 'advisory' AND objid = 72611241 AND mode = $1 AND granted = $2
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [mode, granted],
    );
    return rows[0]!.n > 0;
  };
  const until = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 25));
    expect(await check()).toBe(true);
  };

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it("waits for a running change without holding a connection, then scores and flags with the model the change left active", async () => {
    const { handlers } = await import("@/lib/jobs/handlers");
    const { withScoringChangeLock } = await import("@/lib/scoring/lock");
    await storeThread("t5", [{ id: "w1", body: "You are an idiot and a moron." }, { id: "w2", body: "The ferry runs late again." }]);
    const ids = (await db.comment.findMany({ where: { sourceCommentId: { in: ["w1", "w2"] } }, select: { id: true } })).map((c) => c.id);
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => (finish = resolve));
    const change = withScoringChangeLock(async () => {
      await gate;
      await setScoringConfig({ provider: "builtin", profile: "news" });
    });
    let batchDone = false;
    try {
      await until(() => scorerLock("ExclusiveLock", true));
      const batch = handlers["score-comments"]({ commentIds: ids }).then((r) => ((batchDone = true), r));
      await sleep(1500);
      expect(batchDone).toBe(false);
      // It asks now and then; it does not sit on a connection waiting for the lock.
      expect(await scorerLock("ShareLock", false)).toBe(false);
      finish();
      await change;
      expect(await batch).toEqual({ scored: 2, flagged: 0, unflagged: 0 });
      const news = await db.score.findMany({ where: { commentId: { in: ids }, model: "builtin-news" }, select: { commentId: true } });
      expect(news).toHaveLength(2);
    } finally {
      finish();
      await change.catch(() => {});
      await activateScoringConfig({ profile: "default" });
    }
  });

  it("a batch gives up before its job's lease runs out, to be retried: its own job's lease, else the worker's setting", async () => {
    const { handlers } = await import("@/lib/jobs/handlers");
    const { withScoringChangeLock } = await import("@/lib/scoring/lock");
    const ids = (await db.comment.findMany({ where: { sourceCommentId: "w1" }, select: { id: true } })).map((c) => c.id);
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => (finish = resolve));
    const change = withScoringChangeLock(() => gate);
    const givesUpWithin = async (ms: number, job?: { id: string; leaseSeconds: number }) => {
      const started = Date.now();
      await expect(handlers["score-comments"]({ commentIds: ids }, job)).rejects.toThrow(/^a change of the scoring model is still running/);
      expect(Date.now() - started).toBeLessThan(ms);
    };
    try {
      await until(() => scorerLock("ExclusiveLock", true));
      process.env.JOB_EXPIRE_SECONDS = "3";
      await givesUpWithin(3000);
      // This worker would wait most of ten minutes; the job was queued with a 3-second lease.
      process.env.JOB_EXPIRE_SECONDS = "600";
      await givesUpWithin(3000, { id: "leased", leaseSeconds: 3 });
    } finally {
      delete process.env.JOB_EXPIRE_SECONDS;
      finish();
      await change;
    }
  });

  it("a change waits for a batch already scoring instead of refusing; a dry run does not wait", async () => {
    const { withScoringChangeLock, withScorerShared } = await import("@/lib/scoring/lock");
    const { calibrateFromDecisions } = await import("@/lib/scoring/calibration/from-decisions");
    let finishBatch!: () => void;
    const inFlight = new Promise<void>((resolve) => (finishBatch = resolve));
    const batch = withScorerShared(() => inFlight, { waitUntil: Date.now() + 10_000 });
    try {
      await until(() => scorerLock("ShareLock", true));
      // Fitting and reporting changes no model: it goes ahead beside the batch.
      expect((await calibrateFromDecisions({ dryRun: true })).activated).toBe(false);
      let ran = false;
      const change = withScoringChangeLock(async () => (ran = true));
      await until(() => scorerLock("ExclusiveLock", false));
      expect(ran).toBe(false);
      finishBatch();
      await batch;
      await change;
      expect(ran).toBe(true);
    } finally {
      finishBatch();
    }
  });

  it("a guarded rescore stops when the active model is no longer the one it scores with", async () => {
    const news = scorerOf(builtinEngine("news"));
    await expect(rescoreComments({ scorer: news, flag: true, guard: true })).rejects.toThrow(
      new RegExp(`^the active model became builtin-default ${V.replace(/\./g, "\\.")} while rescoring with builtin-news`),
    );
  });
});

describe("an http model server named in the settings", () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let raw = "";
      req.on("data", (c) => (raw += c));
      req.on("end", () => {
        const { texts } = JSON.parse(raw) as { texts: string[] };
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ scores: texts.map((t) => ({ sentiment: 0, incivility: t.includes("clown") ? 0.95 : 0.05 })) }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/score`;
  });
  afterAll(async () => {
    await setScoringConfig({ provider: "builtin" });
    server.close();
  });

  it("scores and flags new comments through the server, recorded under its model", async () => {
    await setScoringConfig({ provider: "http", http: { url, model: { name: "site-model", version: "7" }, retries: 0 } });
    await storeThread("t3", [
      { id: "h1", body: "You are a clown." },
      { id: "h2", body: "Fair point about the ferry timetable." },
    ]);
    const rows = await db.score.findMany({
      where: { model: "site-model" },
      select: { modelVersion: true, incivility: true, comment: { select: { sourceCommentId: true, modStatus: true } } },
      orderBy: { commentId: "asc" },
    });
    expect(rows.map((r) => [r.comment.sourceCommentId, r.modelVersion, r.incivility, r.comment.modStatus])).toEqual([
      ["h1", "7", 0.95, "flagged"],
      ["h2", "7", 0.05, "none"],
    ]);
    expect(activeScorer().model).toEqual({ name: "site-model", version: "7" });
  });

  it("refuses an import with a clear error while the server is down, and writes nothing", async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const before = await db.comment.count();
    await expect(storeThread("t4", [{ id: "d1", body: "Written while the model server is down." }])).rejects.toThrow(
      /scoring server http:\/\/127\.0\.0\.1:\d+ is unavailable/,
    );
    expect(await db.comment.count()).toBe(before);
  });
});
