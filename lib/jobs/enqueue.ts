import { getBoss } from "./boss";
import { JOBS, type JobData, type JobName } from "./definitions";

/** Validates and queues a job; returns its id (null when an identical singleton is already queued). */
export async function enqueue<N extends JobName>(
  name: N,
  data: JobData<N>,
  options: { singletonKey?: string } = {},
): Promise<string | null> {
  const valid = JOBS[name].schema.parse(data);
  const boss = await getBoss();
  return boss.send(name, valid as object, { singletonKey: options.singletonKey });
}

export type JobState = { id: string; name: string; state: string; retryCount: number; output: unknown };

export async function jobState(name: JobName, id: string): Promise<JobState | null> {
  const boss = await getBoss();
  const job = await boss.getJobById(name, id, { includeArchive: true });
  return job ? { id: job.id, name: job.name, state: job.state, retryCount: job.retryCount, output: job.output } : null;
}
