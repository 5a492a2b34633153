import type { PoolClient } from "pg";
import PgBoss from "pg-boss";
import { pgConfigFromUrl } from "@/lib/db-url";
import { expireSeconds, queuePolicy, JOB_NAMES, retryLimit } from "./definitions";

const cache = globalThis as unknown as { __boss?: Promise<PgBoss> };

/** pg-boss's statements on a given connection, so a job is queued inside the caller's transaction. */
export function onClient(client: PoolClient): PgBoss.Db {
  return { executeSql: (text: string, values: unknown[]) => client.query(text, values) };
}

/** How often pg-boss looks for expired jobs; an empty or invalid setting means the default. */
function maintenanceSeconds(): number {
  const value = Number(process.env.JOB_MAINTENANCE_SECONDS);
  return Number.isInteger(value) && value >= 1 ? value : 30;
}

/**
 * The process's pg-boss instance (Postgres-native queue in schema `pgboss`), started
 * with every queue created and its lease and retries set from the job definitions.
 * Workers on any number of machines share the queues through SKIP LOCKED; a job still
 * active when its lease (expireInSeconds, a hard limit: pg-boss does not renew it) runs
 * out is failed and retried, by any worker.
 *
 * A start that fails (the database restarting) is not kept: the next call tries again.
 */
export function getBoss(): Promise<PgBoss> {
  const starting = (cache.__boss ??= startBoss());
  starting.catch(() => {
    if (cache.__boss === starting) cache.__boss = undefined;
  });
  return starting;
}

async function startBoss(): Promise<PgBoss> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  const pg = pgConfigFromUrl(url);
  const boss = new PgBoss({
    host: pg.host,
    port: pg.port,
    user: pg.user,
    password: pg.password as string,
    database: pg.database,
    ssl: pg.ssl,
    schema: "pgboss",
    application_name: "comment-desk-jobs",
    max: 4,
    retryLimit: 5,
    retryDelay: 2,
    retryBackoff: true,
    // How often expired (abandoned) jobs are found and retried.
    maintenanceIntervalSeconds: maintenanceSeconds(),
  });
  boss.on("error", (err) => console.error(`[jobs] ${err.message}`));
  try {
    await boss.start();
    for (const name of JOB_NAMES) {
      const options = { name, policy: queuePolicy(name), expireInSeconds: expireSeconds(name), retryLimit: retryLimit(name), retryBackoff: true };
      // Creating is a no-op for a queue that exists, which keeps the settings it was created
      // with: updating makes them follow JOB_EXPIRE_SECONDS and the definitions.
      await boss.createQueue(name, options);
      await boss.updateQueue(name, options);
    }
  } catch (err) {
    await boss.stop({ graceful: false, wait: true }).catch(() => {});
    throw err;
  }
  return boss;
}

/**
 * How long a stopping process lets its running jobs finish (WORKER_STOP_SECONDS, default
 * 30); pg-boss then fails the rest, so they are retried at once rather than after their lease.
 */
function stopSeconds(): number {
  const value = Number(process.env.WORKER_STOP_SECONDS);
  return Number.isFinite(value) && value >= 1 ? value : 30;
}

export async function stopBoss(): Promise<void> {
  const pending = cache.__boss;
  cache.__boss = undefined;
  const boss = await pending?.catch(() => undefined);
  if (boss) await boss.stop({ graceful: true, wait: true, timeout: stopSeconds() * 1000 });
}
