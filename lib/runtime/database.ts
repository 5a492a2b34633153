import pg from "pg";
import { readEnv } from "@/lib/env";
import { pgConfigFromUrl } from "@/lib/db-url";
import { startEmbeddedPostgres } from "@/lib/runtime/embedded-postgres";
import { migrateDatabase } from "@/lib/runtime/migrate";

export type PreparedDatabase = {
  url: string;
  /** "external" (DATABASE_URL), "embedded" (started here) or "shared" (an embedded one already running). */
  kind: "external" | "embedded" | "shared";
  stop: () => Promise<void>;
};

type Options = { ephemeral?: boolean; log?: (line: string) => void };

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
    if (await canConnect(url)) {
      prepared = { url, kind: "shared", stop: async () => {} };
    } else {
      const cluster = await startEmbeddedPostgres({
        dataDir: env.EMBEDDED_PGDATA,
        port: env.EMBEDDED_PGPORT,
        database: "app",
        ephemeral: options.ephemeral,
        log: options.log,
      });
      prepared = { url: cluster.url, kind: "embedded", stop: cluster.stop };
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

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ ...pgConfigFromUrl(url), connectionTimeoutMillis: 1000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}
