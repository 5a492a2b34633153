import pg from "pg";
import { readEnv } from "@/lib/env";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { pgConfigFromUrl } from "@/lib/db-url";
import { preparedStatement } from "@/lib/db-prepared";

export type { Prisma } from "@/lib/generated/prisma/client";
export type Db = PrismaClient;
/** A Prisma transaction client, accepted by service functions that can join a caller's transaction. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

// One pool and one Prisma client per process, cached on globalThis so dev reloads
// don't multiply connections. Created on first use, not on import, so modules can
// be imported (by the build, by unit tests) before DATABASE_URL is known.
const cache = globalThis as unknown as { __pool?: pg.Pool; __db?: PrismaClient; __readPool?: pg.Pool };

function primaryUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (npm start and the CLI set it for the embedded database)");
  return url;
}

function getPool(): pg.Pool {
  return (cache.__pool ??= createPool(primaryUrl()));
}

/** Insights reads may go to a read replica (DATABASE_REPLICA_URL); without one they use the primary. */
function getReadPool(): pg.Pool {
  const url = process.env.DATABASE_REPLICA_URL;
  if (!url) return getPool();
  return (cache.__readPool ??= createPool(url));
}

/** Connections each pool of this process keeps (DB_POOL_SIZE, checked as `npm start` checks it: a typo must not become a pool of NaN). */
export function poolSize(): number {
  return readEnv({ DB_POOL_SIZE: process.env.DB_POOL_SIZE }).DB_POOL_SIZE;
}

function createPool(url: string): pg.Pool {
  const created = new pg.Pool({
    ...pgConfigFromUrl(url),
    max: poolSize(),
    // Fail fast while the database is down or restarting; the pool reconnects on its own after.
    connectionTimeoutMillis: 5000,
  });
  // An idle client losing its server (Postgres restart) must not crash the process.
  created.on("error", (err) => console.error(`[db] idle client error: ${err.message}`));
  // Nor a checked-out one between queries (an import reading its file inside its transaction): the
  // pool listens only while a client is idle, and an error with no listener ends the process. Its
  // next query then fails, as "unavailable" (see isDatabaseUnavailable), and the client is discarded.
  created.on("connect", (client) => client.on("error", (err) => console.error(`[db] client error: ${err.message}`)));
  return created;
}

/**
 * A connection of its own, outside the pool, for a lock held for a whole long run (a session
 * advisory lock): the run's own queries still get the pool's connections, however small it is.
 * The caller ends it.
 */
export async function dedicatedClient(): Promise<pg.Client> {
  const client = new pg.Client({ ...pgConfigFromUrl(primaryUrl()), connectionTimeoutMillis: 5000 });
  client.on("error", (err) => console.error(`[db] client error: ${err.message}`));
  await client.connect();
  return client;
}

function getDb(): PrismaClient {
  return (cache.__db ??= new PrismaClient({ adapter: new PrismaPg(getPool()) }));
}

function lazy<T extends object>(resolve: () => T): T {
  return new Proxy({} as T, {
    get(_target, property) {
      const real = resolve();
      const value = Reflect.get(real, property, real);
      return typeof value === "function" ? value.bind(real) : value;
    },
  });
}

/** The pg pool, for set-based SQL (bulk inserts, COPY, streaming cursors). Shared with Prisma. */
export const pool: pg.Pool = lazy(getPool);

/** Pool for read-only analytics queries: the replica when configured, else the primary. */
export const readPool: pg.Pool = lazy(getReadPool);

/** The Prisma client. */
export const db: PrismaClient = lazy(getDb);

/**
 * Runs a statement sent on every request of a hot route as a named prepared statement:
 * each connection plans it once instead of on every call (planning the queue page took
 * about as long as running it). The name comes from the text, so each distinct filter
 * gets its own statement. Their result columns must be listed by name (no top-level
 * `SELECT *`): a prepared statement whose result row changes under a migration fails
 * instead of adapting. `DB_PREPARED_STATEMENTS=off` turns this off (see db-prepared.ts).
 */
export function queryPrepared<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
  return pool.query<R>(preparedStatement(text, values));
}

/** Runs `work` in a transaction on a connection of its own: committed if it returns, rolled back if it throws. */
export async function inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>, begin = "BEGIN"): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/**
 * Runs read-only `work` on one connection in one snapshot (REPEATABLE READ): figures computed by
 * several queries agree with each other, however the tables change meanwhile.
 */
export function inSnapshot<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return inTransaction(work, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

/** Closes the client and pool (CLI commands and tests end with this). */
export async function disconnectDb(): Promise<void> {
  const { __db, __pool, __readPool } = cache;
  cache.__db = undefined;
  cache.__pool = undefined;
  cache.__readPool = undefined;
  await __db?.$disconnect();
  await __pool?.end().catch(() => {});
  await __readPool?.end().catch(() => {});
}
