import path from "node:path";
import { randomUUID } from "node:crypto";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import type { PoolConfig } from "pg";
import { pgConfigFromUrl } from "./lib/db-url";
import { splitSqlStatements } from "./lib/runtime/split-sql";

// `prisma generate` validates env("DATABASE_URL") in the schema but never connects,
// so installing the project needs no database.
process.env.DATABASE_URL ??= "postgresql://unused@localhost:5432/unused";

type Connected = Awaited<ReturnType<PrismaPg["connect"]>>;

/** Statements PostgreSQL refuses inside a transaction block (the shadow database's own create and drop). */
const OUTSIDE_TRANSACTION = /^\s*(CREATE|DROP)\s+DATABASE\b|\bCONCURRENTLY\b|^\s*VACUUM\b/i;

/**
 * Runs each statement of a migration whole (the adapter's own split on ";" cuts function bodies
 * apart), all of a script's statements in one transaction on one connection: a migration is
 * applied entirely or not at all, as PostgreSQL runs a script sent whole. Statement by statement
 * on the pool, one stopped half-way (Ctrl-C, a full disk, a failing statement) left its first
 * statements applied, and every later start failed on them ("already exists").
 */
function runScriptsWhole(adapter: Connected): Connected {
  adapter.executeScript = async (script: string) => {
    const statements = splitSqlStatements(script);
    const raw = (sql: string) => ({ sql, args: [], argTypes: [] });
    if (statements.some((s) => OUTSIDE_TRANSACTION.test(s))) {
      for (const statement of statements) await adapter.executeRaw(raw(statement));
      return;
    }
    const tx = await adapter.startTransaction();
    try {
      for (const statement of statements) await tx.executeRaw(raw(statement));
      await tx.executeRaw(raw("COMMIT"));
      await tx.commit();
    } catch (err) {
      await tx.executeRaw(raw("ROLLBACK")).catch(() => {});
      await tx.rollback();
      throw err;
    }
  };
  return adapter;
}

/**
 * The pg adapter drops its shadow database while its own pool still holds a
 * connection, so `migrate dev` fails. This one closes the shadow pool first and
 * drops with FORCE.
 */
class MigrationAdapter extends PrismaPg {
  constructor(private readonly poolConfig: PoolConfig) {
    super(poolConfig);
  }

  override async connect() {
    return runScriptsWhole(await super.connect());
  }

  override async connectToShadowDb() {
    const main = await this.connect();
    const database = `prisma_migrate_shadow_db_${randomUUID()}`;
    await main.executeScript(`CREATE DATABASE "${database}"`);
    const shadow = runScriptsWhole(await new PrismaPg({ ...this.poolConfig, database }).connect());
    const disposeShadow = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await disposeShadow();
      await main.executeScript(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await main.dispose();
    };
    return shadow;
  }
}

// The JS schema engine (no native binary) runs migrations through the pg adapter.
// Discrete connection fields, not a connection string: with a string, the adapter's
// shadow database would silently resolve to the main database.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    // Idle pooled connections must not keep a finished CLI command alive.
    return new MigrationAdapter({ ...pgConfigFromUrl(process.env.DATABASE_URL!), allowExitOnIdle: true });
  },
});
