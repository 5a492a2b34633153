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
  const report = options.log ?? ((line: string) => console.error(line));
  for (const name of options.queues ?? JOB_NAMES) {
    for (let i = 0; i < (options.concurrency ?? 1); i++) {
      await boss.work(name, { batchSize: 1, pollingIntervalSeconds: 1, includeMetadata: true }, async ([job]) => {
        if (!job) return;
        const started = Date.now();
        log(`[worker ${process.pid}] ${name} ${job.id} started`);
        try {
          // Scheduled jobs carry no data.
          const data = JOBS[name].schema.parse(job.data ?? {});
          const handler = handlers[name] as (d: typeof data, meta: JobMeta) => Promise<unknown>;
          const output = await handler(data, { id: job.id, lastTry: job.retryCount >= job.retryLimit, leaseSeconds: job.expireInSeconds });
          log(`[worker ${process.pid}] ${name} ${job.id} done in ${Date.now() - started} ms`);
          return output;
        } catch (err) {
          const retried = job.retryCount < job.retryLimit ? `; it will be tried again (try ${job.retryCount + 1} of ${job.retryLimit + 1})` : "; no tries left";
          report(`[worker ${process.pid}] ${name} ${job.id} failed after ${Date.now() - started} ms: ${err instanceof Error ? err.message : String(err)}${retried}`);
          throw err;
        }
      });
    }
  }
  // Idempotent: every worker declares the same schedules; pg-boss runs each once per slot.
  // The data is given so the jobs carry an object (pg-boss stores none for a schedule without it).
  for (const { name, cron } of SCHEDULES) {
    if (!options.queues || options.queues.includes(name)) await boss.schedule(name, cron, {});
  }
  return stopBoss;
}
