import { spawn } from "node:child_process";
import { pool } from "@/lib/db";
import type { Stack } from "./stack";
import { signInCookie, signInError } from "./stack";
import { request } from "./http";

export type PartResult = { part: string; tried: number; faults: number; losses: number; notes: string[] };

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const ok = await check().catch((err) => {
      if (process.env.DEBUG_FAULTS) process.stderr.write(`  (${what}: ${err instanceof Error ? err.message : err})\n`);
      return false;
    });
    if (ok) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Postgres stops under the running app: requests must fail fast with a clear error
 * (503, no hang), a decision attempted meanwhile must change nothing, and the app
 * must recover on its own once Postgres is back.
 */
export async function restartDatabaseUnderApp(stack: Stack, log: (l: string) => void): Promise<PartResult> {
  const { baseUrl } = stack.web;
  const cookie = await signInCookie(baseUrl, "moderator@demo.local", "demo-moderator-pass");
  const headers = { cookie, origin: baseUrl, "content-type": "application/json" };
  const notes: string[] = [];
  let losses = 0;
  let tried = 0;
  const call = (path: string, method = "GET", body?: unknown) => {
    tried++;
    if (process.env.DEBUG_FAULTS) log(`  ${method} ${path}`);
    return request(baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }).then((r) => {
      if (process.env.DEBUG_FAULTS) log(`  -> ${r.status} in ${Math.round(r.ms)} ms`);
      return r;
    });
  };
  const before = await call("/api/v1/queue?limit=5");
  if (before.status !== 200) throw new Error(`queue not reachable before the fault: ${before.status}`);
  const item = (JSON.parse(before.body) as { items: { id: number; modVersion: number }[] }).items[0]!;

  await stack.stopDatabase();
  log("postgres stopped under the running app");
  const down = await call("/api/v1/queue?limit=5");
  const health = await call("/api/health");
  const decision = await call(`/api/v1/comments/${item.id}/decision`, "POST", { action: "approve", expectedVersion: item.modVersion });
  const error = (JSON.parse(down.body) as { error?: string }).error;
  // Anyone may ask for health or try to sign in: neither answer carries the driver's words (hosts, ports).
  const healthSays = (JSON.parse(health.body) as { database?: { error?: string } }).database?.error;
  const signIn = await signInError(baseUrl, "editor@demo.local", "demo-editor-pass");
  notes.push(
    `during the outage: queue ${down.status} in ${Math.round(down.ms)} ms ("${error}"), health ${health.status} ("${healthSays}"), ` +
      `decision ${decision.status}, sign-in "${signIn}"`,
  );
  if (down.status !== 503 || down.ms > 6000 || health.status !== 503 || decision.status !== 503) losses++;
  if (!["unreachable", "timed out after 2 s"].includes(healthSays ?? "")) losses++;
  if (!signIn?.startsWith("sign-in is unavailable right now")) losses++;

  await stack.startDatabase();
  log("postgres is back");
  const recoveredMs = await until("the app to recover", async () => (await call("/api/v1/queue?limit=5")).status === 200, 30_000);
  notes.push(`recovered on its own ${recoveredMs} ms after Postgres came back`);
  // The decision refused during the outage changed nothing: made now, at the same version, it applies.
  const after = await call(`/api/v1/comments/${item.id}/decision`, "POST", { action: "approve", expectedVersion: item.modVersion });
  if (after.status !== 200) {
    losses++;
    notes.push(`decision after recovery answered ${after.status}`);
  }
  return { part: "postgres restart under the app", tried, faults: 1, losses, notes };
}

/**
 * Whether the bulk statement of decideComments runs for a backend of `applicationName`.
 * pg_stat_activity shows a statement's first 1 kB: this one opens with its `target` list
 * and locks the comments there (re-ranking afterwards opens with `WITH target AS MATERIALIZED`).
 */
async function bulkStatementRunning(applicationName: string): Promise<boolean> {
  const { rows } = await pool.query(
    "SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND state = 'active' AND query LIKE 'WITH target AS (%FOR UPDATE%'",
    [applicationName],
  );
  return rows.length > 0;
}

/**
 * kill -9 of a process in the middle of a bulk decision on every flagged comment:
 * the decision is one statement, so afterwards either all of them changed (each
 * with one audit row) or none did. Only a kill that lands while PostgreSQL runs the
 * statement counts as a fault injected; the part throws when no round managed one,
 * since it would then have proved nothing.
 */
export async function killBulkDecision(stack: Stack, rounds: number, log: (l: string) => void): Promise<PartResult> {
  process.env.DATABASE_URL = stack.database.url;
  const notes: string[] = [];
  let losses = 0;
  let midStatement = 0;
  for (let round = 0; round < rounds; round++) {
    if (process.env.DEBUG_FAULTS) log(`  round ${round + 1}: reading state`);
    const { rows: before } = await pool.query<{ id: number; mod_version: number; mod_status: string }>(
      "SELECT id, mod_version, mod_status FROM comment WHERE kind = 'comment' ORDER BY id",
    );
    // Approve every comment, then restore them all, alternately: thousands of rows per statement.
    const target = round % 2 === 0 ? "approved" : "flagged";
    // Names the child's connections, so its statement and its backends can be told from the app's.
    const applicationName = `reliability-bulk-${process.pid}-${round + 1}`;
    const child = spawn(process.execPath, ["--import", "tsx", "tests/reliability/bulk-child.ts", target === "approved" ? "approve" : "restore"], {
      env: { ...process.env, DATABASE_URL: stack.database.url, PGAPPNAME: applicationName },
      stdio: ["ignore", "pipe", "pipe"],
    });
    if (process.env.DEBUG_FAULTS) log(`  round ${round + 1}: child ${child.pid}`);
    child.stderr!.on("data", (d) => process.env.DEBUG_FAULTS && log(`  child: ${d}`));
    child.stdout!.on("data", (d) => process.env.DEBUG_FAULTS && log(`  child out: ${d}`));
    child.on("exit", (code, signal) => process.env.DEBUG_FAULTS && log(`  child exit ${code} ${signal}`));
    const closed = new Promise((r) => child.once("close", r));
    const running = () => child.exitCode === null && child.signalCode === null;
    // Told at once, not polled: the statement may take well under a second.
    const deciding = new Promise<boolean>((resolve) => {
      child.stdout!.on("data", (d) => String(d).includes("deciding") && resolve(true));
      void closed.then(() => resolve(false));
      setTimeout(() => resolve(false), 60_000).unref();
    });
    if (!(await deciding)) {
      child.kill("SIGKILL");
      await closed;
      throw new Error(`round ${round + 1}: the bulk decision did not start within a minute`);
    }
    // Read as fast as the database answers: a kill before the statement starts or after it
    // commits would test nothing.
    let seen = false;
    const deadline = Date.now() + 30_000;
    while (!seen && running() && Date.now() < deadline) seen = await bulkStatementRunning(applicationName);
    let cut = false;
    if (seen) {
      // A few milliseconds more so rounds cut the statement at different points, then the
      // kill only counts if the statement is still running just before it.
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 20)));
      cut = running() && (await bulkStatementRunning(applicationName));
    }
    child.kill("SIGKILL");
    await closed;
    if (cut) midStatement++;
    // PostgreSQL ends the statement (commit or rollback) and the backend once it notices the
    // client is gone; the next round must read the state after that.
    await until(
      "the killed child's connections to close",
      async () => (await pool.query("SELECT 1 FROM pg_stat_activity WHERE application_name = $1", [applicationName])).rows.length === 0,
      30_000,
    );
    const { rows: after } = await pool.query<{ id: number; mod_version: number; mod_status: string; applied: number }>(
      `SELECT c.id, c.mod_version, c.mod_status,
              (SELECT count(*)::int FROM decision d WHERE d.comment_id = c.id AND d.applied) AS applied
       FROM comment c WHERE c.id = ANY($1::int[]) ORDER BY c.id`,
      [before.map((b) => b.id)],
    );
    const prior = new Map(before.map((b) => [b.id, b]));
    // The child's own selection: approve takes every comment not approved, restore every approved one
    // (restore puts it back in the queue as flagged).
    const eligible = before.filter((b) => (b.mod_status === "approved") === (target !== "approved"));
    const moved = after.filter((a) => a.mod_version !== prior.get(a.id)!.mod_version);
    const allOrNothing = moved.length === 0 || moved.length === eligible.length;
    const versionsMatch = moved.every((m) => m.mod_version === prior.get(m.id)!.mod_version + 1 && m.mod_status === target);
    if (!allOrNothing || !versionsMatch) losses++;
    const when = cut ? "mid-statement" : seen ? "after the statement ended (no fault)" : "without seeing the statement run (no fault)";
    notes.push(
      `round ${round + 1}: killed ${when}; ${moved.length} of ${eligible.length} changed (${allOrNothing && versionsMatch ? "consistent" : "INCONSISTENT"})`,
    );
    log(notes[notes.length - 1]!);
  }
  // Every applied change has exactly one audit row: versions moved = applied decisions since seeding.
  const { rows: audit } = await pool.query<{ bad: number }>(
    `SELECT count(*)::int AS bad FROM comment c
     WHERE c.mod_version <> (SELECT count(*) FROM decision d WHERE d.comment_id = c.id AND d.applied)`,
  );
  if (audit[0]!.bad) {
    losses++;
    notes.push(`${audit[0]!.bad} comments whose version does not match their applied audit rows`);
  }
  if (midStatement === 0) {
    throw new Error(`kill -9 during bulk decisions: no round of ${rounds} killed the statement while it ran, so nothing was proved (${notes.join("; ")})`);
  }
  return { part: "kill -9 during bulk decisions", tried: rounds, faults: midStatement, losses, notes };
}
