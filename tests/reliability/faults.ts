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
 * kill -9 of a process in the middle of a bulk decision on every flagged comment:
 * the decision is one statement, so afterwards either all of them changed (each
 * with one audit row) or none did.
 */
export async function killBulkDecision(stack: Stack, rounds: number, log: (l: string) => void): Promise<PartResult> {
  process.env.DATABASE_URL = stack.database.url;
  const notes: string[] = [];
  let losses = 0;
  for (let round = 0; round < rounds; round++) {
    if (process.env.DEBUG_FAULTS) log(`  round ${round + 1}: reading state`);
    const { rows: before } = await pool.query<{ id: number; mod_version: number; mod_status: string }>(
      "SELECT id, mod_version, mod_status FROM comment WHERE kind = 'comment' ORDER BY id",
    );
    // Approve every comment, then restore them all, alternately: thousands of rows per statement.
    const target = round % 2 === 0 ? "approved" : "flagged";
    const child = spawn(process.execPath, ["--import", "tsx", "tests/reliability/bulk-child.ts", target === "approved" ? "approve" : "restore"], {
      env: { ...process.env, DATABASE_URL: stack.database.url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    if (process.env.DEBUG_FAULTS) log(`  round ${round + 1}: child ${child.pid}`);
    child.stderr!.on("data", (d) => process.env.DEBUG_FAULTS && log(`  child: ${d}`));
    child.stdout!.on("data", (d) => process.env.DEBUG_FAULTS && log(`  child out: ${d}`));
    child.on("exit", (code, signal) => process.env.DEBUG_FAULTS && log(`  child exit ${code} ${signal}`));
    let ready = false;
    const closed = new Promise((r) => child.once("close", r));
    child.stdout!.on("data", (d) => (ready ||= String(d).includes("deciding")));
    await until("the bulk decision to start", async () => ready, 60_000);
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 300)));
    const killedMidway = child.exitCode === null;
    child.kill("SIGKILL");
    await closed;
    // Give Postgres a moment to notice the dead client.
    await new Promise((r) => setTimeout(r, 500));
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
    notes.push(
      `round ${round + 1}: killed ${killedMidway ? "while running" : "after it finished"}; ${moved.length} of ${eligible.length} changed (${allOrNothing && versionsMatch ? "consistent" : "INCONSISTENT"})`,
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
  return { part: "kill -9 during bulk decisions", tried: rounds, faults: rounds, losses, notes };
}
