import PgBoss from "pg-boss";
import { pgConfigFromUrl } from "@/lib/db-url";
import { expireSeconds, queuePolicy, JOB_NAMES, retryLimit } from "./definitions";

const cache = globalThis as unknown as { __boss?: Promise<PgBoss> };

/**
 * The process's pg-boss instance (Postgres-native queue in schema `pgboss`), started
 * with every queue created. Workers on any number of machines share the queues
 * through SKIP LOCKED; an active job whose worker stops renewing it past its lease
 * (expireInSeconds) is retried by the others.
 */
export function getBoss(): Promise<PgBoss> {
  return (cache.__boss ??= (async () => {
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
      maintenanceIntervalSeconds: Number(process.env.JOB_MAINTENANCE_SECONDS ?? 30),
    });
    boss.on("error", (err) => console.error(`[jobs] ${err.message}`));
    await boss.start();
    for (const name of JOB_NAMES) {
      await boss.createQueue(name, { name, policy: queuePolicy(name), expireInSeconds: expireSeconds(name), retryLimit: retryLimit(name), retryBackoff: true });
    }
    return boss;
  })());
}

export async function stopBoss(): Promise<void> {
  const pending = cache.__boss;
  cache.__boss = undefined;
  if (pending) await (await pending).stop({ graceful: true, wait: true, timeout: 30_000 });
}
