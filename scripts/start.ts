/**
 * `npm start`: database (embedded PostgreSQL unless DATABASE_URL is set), migrations,
 * demo data on an empty database, a build when needed, then the web server and one
 * background worker (background exports, rescoring and maintenance jobs; START_WORKER=0
 * leaves workers to `npm run worker` elsewhere). Ctrl-C stops them and the embedded
 * database cleanly.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { isDemo, readEnv } from "@/lib/env";
import { prepareDatabase } from "@/lib/runtime/database";
import { parseOptions } from "@/lib/runtime/cli";
import { handleSignalsOurselves } from "@/lib/runtime/embedded-postgres";
import { ensureBuild } from "@/lib/runtime/build";
import { startWorkerChild, stopChild, workerStopMs } from "@/lib/runtime/worker-child";

const log = (line: string) => process.stdout.write(`${line}\n`);
/** A stopped worker is started again after this, doubling up to the maximum while it keeps stopping within a minute. */
const WORKER_RESTART_MS = 2_000;
const WORKER_RESTART_MAX_MS = 60_000;
const WORKER_STEADY_MS = 60_000;
async function authSecret(demo: boolean, env: ReturnType<typeof readEnv>): Promise<string> {
  if (env.NEXTAUTH_SECRET) return env.NEXTAUTH_SECRET;
  if (!demo) {
    throw new Error(
      "NEXTAUTH_SECRET is required outside demo mode (NODE_ENV=production, or a DATABASE_URL without DEMO=1): a random string of 32+ characters",
    );
  }
  // Demo mode: a secret kept with the embedded data, so sessions survive restarts.
  const file = path.join(".data", "nextauth-secret");
  const existing = await fs.readFile(file, "utf8").catch(() => "");
  if (existing.trim()) return existing.trim();
  const secret = randomBytes(32).toString("base64url");
  await fs.mkdir(".data", { recursive: true });
  await fs.writeFile(file, secret, { mode: 0o600 });
  return secret;
}

/**
 * The web port, checked before anything starts: a second `npm start`, or another program on the
 * port, is named at once, not by the web server's stack trace after migrations, a build and a worker.
 */
async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (err: NodeJS.ErrnoException) =>
      reject(err.code === "EADDRINUSE" ? new Error(`port ${port} is in use (another npm start, or another program): stop it, or set PORT to another port`) : err),
    );
    probe.listen(port, () => probe.close(() => resolve()));
  });
}

async function main() {
  // It takes no options: any (`--help` among them) prints what it does instead of starting.
  parseOptions(process.argv.slice(2), [], []);
  const env = readEnv();
  const demo = isDemo(env);
  const secret = await authSecret(demo, env);
  await assertPortFree(env.PORT);
  log(env.DATABASE_URL ? "Using the database at DATABASE_URL…" : `Starting embedded PostgreSQL (${env.EMBEDDED_PGDATA}, port ${env.EMBEDDED_PGPORT})…`);
  const database = await prepareDatabase({ ephemeral: process.env.EMBEDDED_PG_EPHEMERAL === "1" });
  let stopping = false;
  let server: ReturnType<typeof spawn> | undefined;
  let worker: ReturnType<typeof spawn> | undefined;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await Promise.all([stopChild(server, 30_000), stopChild(worker, workerStopMs())]);
    await database.stop().catch(() => {});
    if (database.kind === "embedded") log("Embedded PostgreSQL stopped.");
    process.exit(code);
  };
  handleSignalsOurselves();
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  // A closed terminal or a dropped SSH session: stop everything, as Ctrl-C does (PostgreSQL would
  // take SIGHUP for "reload" and go on running, orphaned).
  process.on("SIGHUP", () => void shutdown(0));
  database.watch?.({
    message: (line) => process.stderr.write(`[postgres] ${line}\n`),
    exit: (detail) => {
      // Ctrl-C reaches PostgreSQL too, and may end it before this process hears its own signal.
      setTimeout(() => {
        if (stopping) return;
        process.stderr.write(`error: the embedded PostgreSQL stopped (${detail})\nStopping the web server and worker; npm start starts it again.\n`);
        void shutdown(1);
      }, 500);
    },
  });

  try {
    const { demoSeedDue, ensureDemoUsers, retireDemoUsers, seedDemoData, DEMO_USERS } = await import("@/lib/demo/seed");
    if (!demo) {
      const retired = await retireDemoUsers();
      if (retired.deactivated.length) log(`Demo mode is off: deactivated the demo accounts ${retired.deactivated.join(", ")}.`);
      // Not started with a way in whose password the README publishes.
      if (retired.kept.length) {
        throw new Error(
          `${retired.kept.join(", ")}, a demo account with a published password, is the last active admin: make an admin of your own ` +
            "(npm run user -- create --email E --role admin), then start again, and the demo accounts are deactivated",
        );
      }
    }
    if (demo) {
      await ensureDemoUsers();
      const due = await demoSeedDue();
      if (due) {
        log(due === "empty" ? "Empty database: generating demo threads and comments…" : "Finishing the demo data an earlier start began…");
        const seeded = await seedDemoData({ comments: env.DEMO_COMMENTS });
        log(`  ${seeded.comments} comments stored, ${seeded.flagged} flagged for review.`);
      }
    }
    const { disconnectDb } = await import("@/lib/db");
    await disconnectDb();
    await ensureBuild(log);

    const url = env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`;
    const bin = path.join("node_modules", "next", "dist", "bin", "next");
    const childEnv = { ...process.env, DATABASE_URL: database.url, NEXTAUTH_SECRET: secret, NEXTAUTH_URL: url, NEXT_TELEMETRY_DISABLED: "1" };
    server = spawn(process.execPath, [bin, "start", "-p", String(env.PORT)], { stdio: ["ignore", "pipe", "inherit"], env: childEnv });
    if (env.START_WORKER ?? true) {
      // The site keeps serving without it; a worker that stops is started again, after a pause
      // that grows while it keeps stopping soon after starting (the database away, say).
      let pause = WORKER_RESTART_MS;
      const run = () => {
        const started = Date.now();
        worker = startWorkerChild(childEnv, (line) => log(`[worker] ${line}`));
        worker.on("close", (code, signal) => {
          if (stopping) return;
          if (Date.now() - started > WORKER_STEADY_MS) pause = WORKER_RESTART_MS;
          const wait = pause;
          pause = Math.min(pause * 2, WORKER_RESTART_MAX_MS);
          log(`[worker] stopped (${signal ?? `exit code ${code}`}); starting it again in ${Math.round(wait / 1000)} s`);
          setTimeout(() => {
            if (!stopping) run();
          }, wait).unref();
        });
      };
      run();
    }
    let announced = false;
    server.stdout!.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      process.stdout.write(text);
      if (!announced && /\bReady\b/i.test(text)) {
        announced = true;
        log(`\nComment desk is running at ${url}`);
        if (demo) {
          log("Sign in with one of the demo accounts:");
          for (const u of DEMO_USERS) log(`  ${u.role.padEnd(9)} ${u.email.padEnd(22)} password: ${u.password}`);
        } else log("Sign in with a user created by `npm run user -- create --email E --role admin`.");
        log("Press Ctrl-C to stop.");
      }
    });
    server.on("close", (code) => void shutdown(stopping ? 0 : (code ?? 1)));
  } catch (err) {
    // Stopping (Ctrl-C while seeding or building) ends connections under the work: that is no error.
    if (stopping) return;
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    await shutdown(1);
  }
}

main().catch((err) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
