import type PgBoss from "pg-boss";
import { getBoss, stopBoss } from "./boss";
import { JOBS, JOB_NAMES, SCHEDULES, type JobName } from "./definitions";
import { handlers, type JobMeta } from "./handlers";

export type WorkerOptions = { queues?: JobName[]; concurrency?: number; log?: (line: string) => void };

/** After pg-boss has stopped, how long handlers still running may take to end before the worker leaves them. */
const HANDLER_GRACE_MS = 5000;

/**
 * Starts polling the queues. Each job's payload is validated before its handler
 * runs; a handler error fails the job, and pg-boss retries it with backoff.
 * Returns a stop function that lets running jobs finish and says whether they all
 * ended: pg-boss gives up the ones that outlast its stop time (another worker retries
 * them) but their handlers go on, so the database pool may be closed only when it is true.
 */
export async function startWorker(options: WorkerOptions = {}): Promise<() => Promise<boolean>> {
  const boss = await getBoss();
  const log = options.log ?? (() => {});
  const report = options.log ?? ((line: string) => console.error(line));
  const running = new Set<Promise<unknown>>();

  async function runJob(name: JobName, job: PgBoss.JobWithMetadata<unknown>): Promise<unknown> {
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
  }

  for (const name of options.queues ?? JOB_NAMES) {
    for (let i = 0; i < (options.concurrency ?? 1); i++) {
      await boss.work(name, { batchSize: 1, pollingIntervalSeconds: 1, includeMetadata: true }, async ([job]) => {
        if (!job) return;
        const work = runJob(name, job);
        running.add(work);
        try {
          return await work;
        } finally {
          running.delete(work);
        }
      });
    }
  }
  // Idempotent: every worker declares the same schedules; pg-boss runs each once per slot.
  // The data is given so the jobs carry an object (pg-boss stores none for a schedule without it).
  for (const { name, cron } of SCHEDULES) {
    if (!options.queues || options.queues.includes(name)) await boss.schedule(name, cron, {});
  }
  return async () => {
    await stopBoss();
    if (!running.size) return true;
    let timer: NodeJS.Timeout | undefined;
    const ended = await Promise.race([
      Promise.allSettled([...running]).then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), HANDLER_GRACE_MS))),
    ]);
    clearTimeout(timer);
    return ended;
  };
}
