import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { readEnv } from "@/lib/env";
import { pgConfigFromUrl } from "@/lib/db-url";
import { leaveClustersRunning, startEmbeddedPostgres, type ClusterWatcher } from "@/lib/runtime/embedded-postgres";
import { migrateDatabase } from "@/lib/runtime/migrate";

export type PreparedDatabase = {
  url: string;
  /** "external" (DATABASE_URL), "embedded" (started here) or "shared" (an embedded one already running). */
  kind: "external" | "embedded" | "shared";
  stop: () => Promise<void>;
  /** The cluster's trouble after it started, for the embedded one started here (see ClusterWatcher). */
  watch?: (watcher: ClusterWatcher) => void;
};

type Options = {
  ephemeral?: boolean;
  log?: (line: string) => void;
  /**
   * A command's or worker's cluster is left running at its end while other processes use it
   * (npm start found it running and serves from it). npm start, which owns its cluster, stops it.
   */
  leaveRunningIfShared?: boolean;
};

/**
 * Finds the database to use and brings its schema up to date:
 * DATABASE_URL when set; otherwise the project's embedded PostgreSQL, reusing a
 * running one (e.g. `npm start` in another terminal) or starting it.
 * Sets process.env.DATABASE_URL so later imports of lib/db connect to it.
 */
export async function prepareDatabase(options: Options = {}): Promise<PreparedDatabase> {
  const env = readEnv();
  let prepared: PreparedDatabase;
  if (env.DATABASE_URL) {
    prepared = { url: env.DATABASE_URL, kind: "external", stop: async () => {} };
  } else {
    const url = `postgresql://postgres:postgres@127.0.0.1:${env.EMBEDDED_PGPORT}/app`;
    const running = await runningDataDir(url);
    if (running !== null) {
      // Another checkout's cluster on the same port would be migrated and served as this one's.
      if (realPath(running) !== realPath(env.EMBEDDED_PGDATA)) {
        throw new Error(
          `port ${env.EMBEDDED_PGPORT} is used by another embedded PostgreSQL (its data is in ${running}, this checkout's in ` +
            `${path.resolve(env.EMBEDDED_PGDATA)}): stop it, or set EMBEDDED_PGPORT to another port`,
        );
      }
      // A throwaway database was asked for (the e2e run): one left running by an earlier run holds its data.
      if (options.ephemeral) {
        throw new Error(
          `port ${env.EMBEDDED_PGPORT} already has an embedded PostgreSQL (data in ${running}), left by an earlier run: ` +
            `a throwaway database cannot reuse its data. Stop it (the postgres process started with -D ${running}) and start again`,
        );
      }
      prepared = { url, kind: "shared", stop: async () => {} };
    } else {
      const cluster = await startEmbeddedPostgres({
        dataDir: env.EMBEDDED_PGDATA,
        port: env.EMBEDDED_PGPORT,
        database: "app",
        ephemeral: options.ephemeral,
        log: options.log,
      });
      const stop = options.leaveRunningIfShared
        ? async () => ((await othersConnected(cluster.url)) ? leaveClustersRunning() : cluster.stop())
        : cluster.stop;
      prepared = { url: cluster.url, kind: "embedded", stop, watch: cluster.watch };
    }
  }
  try {
    await migrateDatabase(prepared.url);
  } catch (err) {
    await prepared.stop();
    throw err;
  }
  process.env.DATABASE_URL = prepared.url;
  return prepared;
}

const realPath = (dir: string) => {
  try {
    return fs.realpathSync(path.resolve(dir));
  } catch {
    return path.resolve(dir);
  }
};

/** One query on a connection of its own (the pool may not exist yet); null when nothing answers or it fails. */
async function askOnce<R extends pg.QueryResultRow>(url: string, sql: string): Promise<R | null> {
  const client = new pg.Client({ ...pgConfigFromUrl(url), connectionTimeoutMillis: 1000 });
  client.on("error", () => {});
  try {
    await client.connect();
    return (await client.query<R>(sql)).rows[0] ?? null;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}

/** The data folder of the PostgreSQL answering at `url`, or null when none answers. */
async function runningDataDir(url: string): Promise<string | null> {
  return (await askOnce<{ dir: string }>(url, "SELECT current_setting('data_directory') AS dir"))?.dir ?? null;
}

/** Whether other processes are connected (a web server or command that found the cluster running). */
async function othersConnected(url: string): Promise<boolean> {
  const row = await askOnce<{ n: number }>(url, "SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()");
  return (row?.n ?? 0) > 0;
}
