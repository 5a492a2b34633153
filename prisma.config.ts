import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import { pgConfigFromUrl } from "./lib/db-url";

// The JS schema engine (no native binary) runs migrations through the pg adapter.
// Discrete connection fields, not a connection string: with a string, the adapter's
// shadow database would silently resolve to the main database.
// `prisma generate` validates env("DATABASE_URL") in the schema but never connects,
// so installing the project needs no database.
process.env.DATABASE_URL ??= "postgresql://unused@localhost:5432/unused";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    // Idle pooled connections must not keep a finished CLI command alive.
    return new PrismaPg({ ...pgConfigFromUrl(process.env.DATABASE_URL!), allowExitOnIdle: true });
  },
});
