import { getBoss, stopBoss } from "./boss";
import { JOBS, JOB_NAMES, SCHEDULES, type JobName } from "./definitions";
import { handlers, type JobMeta } from "./handlers";

export type WorkerOptions = { queues?: JobName[]; concurrency?: number; log?: (line: string) => void };

/**
 * Starts polling the queues. Each job's payload is validated before its handler
 * runs; a handler error fails the job, and pg-boss retries it with backoff.
 * Returns a stop function that lets running jobs finish.
 */
export async function startWorker(options: WorkerOptions = {}): Promise<() => Promise<void>> {
  const boss = await getBoss();
  const log = options.log ?? (() => {});
  for (const name of options.queues ?? JOB_NAMES) {
    for (let i = 0; i < (options.concurrency ?? 1); i++) {
      await boss.work(name, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
        if (!job) return;
        const data = JOBS[name].schema.parse(job.data);
        const started = Date.now();
        log(`[worker ${process.pid}] ${name} ${job.id} started`);
        const handler = handlers[name] as (d: typeof data, meta: JobMeta) => Promise<unknown>;
        const output = await handler(data, { id: job.id });
        log(`[worker ${process.pid}] ${name} ${job.id} done in ${Date.now() - started} ms`);
        return output;
      });
    }
  }
  // Idempotent: every worker declares the same schedules; pg-boss runs each once per slot.
  for (const { name, cron } of SCHEDULES) {
    if (!options.queues || options.queues.includes(name)) await boss.schedule(name, cron);
  }
  return stopBoss;
}
