import fs from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import config from "../../prisma.config";
import { retryInterrupted } from "@/lib/runtime/migrate";
import { PROJECT_ROOT } from "../support/paths";

/** Prisma's config loader wraps the adapter: each call answers `{ok, value}` or `{ok: false, error}`. */
type Result<T> = { ok: true; value: T } | { ok: false; error: unknown };
type Connection = { executeScript(script: string): Promise<Result<void>>; dispose?(): Promise<Result<void>> };

/** The connection migrations run on (`npm start`, `prisma migrate deploy`), as prisma.config.ts builds it. */
async function migrationConnection(): Promise<Connection> {
  const { adapter } = config as unknown as { adapter(): Promise<{ connect(): Promise<Result<Connection>> }> };
  const factory = await adapter();
  const connected = await factory.connect();
  if (!connected.ok) throw new Error("could not connect for migrations");
  return connected.value;
}

const exists = async (table: string) =>
  (await pool.query<{ t: string | null }>("SELECT to_regclass($1)::text AS t", [table])).rows[0]!.t !== null;

describe("migrations", () => {
  it("apply a script whole or not at all", async () => {
    const connection = await migrationConnection();
    try {
      // A script that fails at its third statement, after a function whose body holds semicolons.
      const failing = `
        CREATE TABLE half_applied (x int);
        CREATE FUNCTION half_applied_f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;
        SELECT 1 / 0;`;
      expect((await connection.executeScript(failing)).ok).toBe(false);
      expect(await exists("half_applied")).toBe(false);
      // The connection is free again, and a good script applies.
      expect((await connection.executeScript("CREATE TABLE whole_applied (x int); INSERT INTO whole_applied VALUES (1);")).ok).toBe(true);
      expect((await pool.query("SELECT x FROM whole_applied")).rows).toEqual([{ x: 1 }]);
    } finally {
      await pool.query("DROP TABLE IF EXISTS whole_applied, half_applied").catch(() => {});
      await pool.query("DROP FUNCTION IF EXISTS half_applied_f()").catch(() => {});
      await connection.dispose?.();
    }
  });

  it("mark one that stopped part-way as rolled back, so the next start applies it again; never one migrating now", async () => {
    const url = process.env.DATABASE_URL!;
    const insert = () =>
      pool.query(
        `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count)
         VALUES (gen_random_uuid()::text, 'x', '29990101000000_interrupted', now(), 0)`,
      );
    await insert();
    try {
      // Another process migrating holds Prisma's lock: its unfinished row is left alone.
      const other = await pool.connect();
      try {
        await other.query("SELECT pg_advisory_lock(72707369)");
        expect(await retryInterrupted(url)).toEqual([]);
      } finally {
        await other.query("SELECT pg_advisory_unlock(72707369)");
        other.release();
      }
      expect(await retryInterrupted(url)).toEqual(["29990101000000_interrupted"]);
      const { rows } = await pool.query("SELECT rolled_back_at IS NOT NULL AS rolled_back FROM _prisma_migrations WHERE migration_name = '29990101000000_interrupted'");
      expect(rows).toEqual([{ rolled_back: true }]);
      // Finished and rolled-back rows are never touched again.
      expect(await retryInterrupted(url)).toEqual([]);
    } finally {
      await pool.query("DELETE FROM _prisma_migrations WHERE migration_name = '29990101000000_interrupted'");
    }
  });

  it("fold word-list terms stored before spaces and look-alike letters were folded, keeping the first of each", async () => {
    await pool.query("DELETE FROM word_list_term");
    await pool.query(
      `INSERT INTO word_list_term (kind, term) VALUES ('banned', 'son of a gun'), ('suspect', 'son\u00a0of  a gun'), ('banned', 'son\tof a gun'),
         ('suspect', 'ｆｏｏｌ'), ('suspect', 'idiot')`,
    );
    const script = await fs.readFile(path.join(PROJECT_ROOT, "prisma", "migrations", "20261125160000_word_list_terms_folded", "migration.sql"), "utf8");
    const connection = await migrationConnection();
    try {
      const applied = await connection.executeScript(script);
      expect(applied.ok).toBe(true);
    } finally {
      await connection.dispose?.();
    }
    const { rows } = await pool.query("SELECT kind, term FROM word_list_term ORDER BY id");
    expect(rows).toEqual([
      { kind: "banned", term: "son of a gun" },
      { kind: "suspect", term: "fool" },
      { kind: "suspect", term: "idiot" },
    ]);
    await pool.query("DELETE FROM word_list_term");
  });
});
