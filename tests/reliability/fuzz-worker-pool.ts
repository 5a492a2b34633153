import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { Outcome } from "./fuzz-check";
import type { WorkerReply, WorkerRequest } from "./fuzz-worker";

/** What happened to one file: the importer's own outcome, or the process died or ran out of time. */
export type Verdict = Outcome | { kind: "crash"; ms: number; detail: string } | { kind: "hang"; ms: number; detail: string };

const WORKER = path.join(import.meta.dirname, "fuzz-worker.ts");

/**
 * One importer process with a memory ceiling. A file that kills it (out of memory,
 * an uncaught error) is a crash, one that outlasts the time limit is a hang; in both
 * cases the process is replaced before the next file.
 */
export class ImportWorker {
  private child: ChildProcess | null = null;
  private stderr: string[] = [];
  private nextId = 0;
  peakRssMb = 0;

  constructor(private readonly options: { databaseUrl: string; heapMb: number }) {}

  private start(): Promise<ChildProcess> {
    const child = spawn(process.execPath, [`--max-old-space-size=${this.options.heapMb}`, "--import", "tsx", WORKER], {
      env: { ...process.env, DATABASE_URL: this.options.databaseUrl },
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    this.stderr = [];
    child.stderr!.on("data", (d: Buffer) => {
      this.stderr.push(d.toString());
      if (this.stderr.length > 20) this.stderr.shift();
    });
    return new Promise((resolve, reject) => {
      child.once("message", (m: WorkerReply) => (m.type === "ready" ? resolve(child) : reject(new Error("worker did not start"))));
      child.once("exit", (code) => reject(new Error(`worker exited while starting (${code}): ${this.stderr.join("")}`)));
    });
  }

  /** Imports one file in the worker; never rejects. */
  async run(file: string, timeoutMs: number, sourceKey?: string): Promise<Verdict> {
    this.child ??= await this.start();
    const child = this.child;
    const id = this.nextId++;
    const started = Date.now();
    return new Promise<Verdict>((resolve) => {
      const finish = (verdict: Verdict, dead: boolean) => {
        clearTimeout(timer);
        child.off("message", onMessage);
        child.off("exit", onExit);
        if (dead) this.child = null;
        resolve(verdict);
      };
      const onMessage = (m: WorkerReply) => {
        if (m.type === "done" && m.id === id) {
          this.peakRssMb = Math.max(this.peakRssMb, m.peakRssMb);
          finish(m.outcome, false);
        } else if (m.type === "threw" && m.id === id) finish({ kind: "crash", ms: Date.now() - started, detail: `importFiles threw: ${m.error}` }, false);
      };
      const onExit = (code: number | null, signal: string | null) =>
        finish({ kind: "crash", ms: Date.now() - started, detail: `the importer process died (${signal ?? `exit ${code}`}): ${this.stderr.join("").slice(-600)}` }, true);
      const timer = setTimeout(() => {
        child.off("exit", onExit);
        child.kill("SIGKILL");
        finish({ kind: "hang", ms: Date.now() - started, detail: `still importing after ${timeoutMs / 1000} s` }, true);
      }, timeoutMs);
      child.on("message", onMessage);
      child.once("exit", onExit);
      child.send({ id, file, sourceKey } satisfies WorkerRequest);
    });
  }

  async close(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  }
}
