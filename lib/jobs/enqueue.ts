import type { PoolClient } from "pg";
import { getBoss, onClient } from "./boss";
import { JOBS, type JobData, type JobName } from "./definitions";

/**
 * Validates and queues a job; returns its id (null when an identical singleton is already queued).
 * A caller that records something under the job id before queueing passes its own `id`; one
 * that checks something first passes its transaction's `client`, so the job is queued in it.
 */
export async function enqueue<N extends JobName>(
  name: N,
  data: JobData<N>,
  options: { singletonKey?: string; id?: string; client?: PoolClient } = {},
): Promise<string | null> {
  const valid = JOBS[name].schema.parse(data);
  const boss = await getBoss();
  return boss.send(name, valid as object, {
    singletonKey: options.singletonKey,
    id: options.id,
    ...(options.client ? { db: onClient(options.client) } : {}),
  });
}

export type JobState = { id: string; name: string; state: string; retryCount: number; output: unknown };

export async function jobState(name: JobName, id: string): Promise<JobState | null> {
  const boss = await getBoss();
  const job = await boss.getJobById(name, id, { includeArchive: true });
  return job ? { id: job.id, name: job.name, state: job.state, retryCount: job.retryCount, output: job.output } : null;
}
