import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { pgConfigFromUrl, withDatabase } from "@/lib/db-url";

// Each test file gets a fresh database cloned from the migrated template, so files
// can run in parallel without seeing each other's rows.
const templateUrl = inject("templateUrl");
const name = `test_${randomBytes(6).toString("hex")}`;
const admin = new pg.Client(pgConfigFromUrl(withDatabase(templateUrl, "postgres")));
await admin.connect();
await admin.query(`CREATE DATABASE ${name} TEMPLATE template_app`);
await admin.end();

process.env.DATABASE_URL = withDatabase(templateUrl, name);
const cache = globalThis as { __pool?: unknown; __db?: unknown };
cache.__pool = undefined;
cache.__db = undefined;

afterAll(async () => {
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
});
