import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { pgConfigFromUrl } from "@/lib/db-url";

export type { Prisma } from "@/lib/generated/prisma/client";
export type Db = PrismaClient;
/** A Prisma transaction client, accepted by service functions that can join a caller's transaction. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

function createPool(): pg.Pool {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (npm start and the CLI set it for the embedded database)");
  const pool = new pg.Pool({ ...pgConfigFromUrl(url), max: Number(process.env.DB_POOL_SIZE ?? 10) });
  // An idle client losing its server (Postgres restart) must not crash the process.
  pool.on("error", (err) => console.error(`[db] idle client error: ${err.message}`));
  return pool;
}

const cache = globalThis as unknown as { __pool?: pg.Pool; __db?: PrismaClient };

/** The pg pool, for set-based SQL (bulk inserts, COPY, streaming cursors). Shared with Prisma. */
export const pool: pg.Pool = (cache.__pool ??= createPool());

/** The one Prisma client of the process (cached on globalThis so dev reloads don't multiply pools). */
export const db: PrismaClient = (cache.__db ??= new PrismaClient({ adapter: new PrismaPg(pool) }));

/** Closes the client and pool (CLI commands and tests end with this). */
export async function disconnectDb(): Promise<void> {
  await cache.__db?.$disconnect();
  await cache.__pool?.end().catch(() => {});
  cache.__db = undefined;
  cache.__pool = undefined;
}
