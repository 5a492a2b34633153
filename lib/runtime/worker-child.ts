import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

/** How long `npm start`'s worker may let its running jobs finish when stopped (WORKER_STOP_SECONDS, default 8). */
const DEFAULT_STOP_SECONDS = 8;

/**
 * How long a stopping worker child has before it is killed: its own stop time plus two seconds,
 * in which pg-boss fails what still runs so those jobs are retried at once (not after their lease).
 */
export function workerStopMs(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env.WORKER_STOP_SECONDS);
  // pg-boss takes whole seconds, at least one (lib/jobs/boss.ts reads it the same way).
  return ((Number.isFinite(seconds) && seconds >= 1 ? seconds : DEFAULT_STOP_SECONDS) + 2) * 1000;
}

/**
 * Starts `scripts/worker.ts` as a child process with the given environment (its
 * DATABASE_URL names the database), passing each line it prints to `log`.
 * `npm start` runs one beside the web server.
 */
export function startWorkerChild(env: NodeJS.ProcessEnv, log: (line: string) => void, args: string[] = []): ChildProcess {
  const child = spawn(process.execPath, ["--max-old-space-size=256", "--import", "tsx", path.join("scripts", "worker.ts"), ...args], {
    stdio: ["ignore", "pipe", "inherit"],
    // pg-boss fails what is still running before the child is killed, so those jobs are retried at once.
    env: { ...env, WORKER_STOP_SECONDS: String(workerStopMs(env) / 1000 - 2) },
  });
  child.stdout!.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) if (line.trim()) log(line);
  });
  return child;
}

/** Stops a child with SIGTERM, and with SIGKILL if it is still running after `graceMs`. */
export async function stopChild(child: ChildProcess | undefined, graceMs: number): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const closed = new Promise((resolve) => child.once("close", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await closed;
  clearTimeout(timer);
}
