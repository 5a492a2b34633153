import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "@/lib/runtime/embedded-postgres";
import { migrateDatabase } from "@/lib/runtime/migrate";
import { freePort } from "../support/free-port";

declare module "vitest" {
  export interface ProvidedContext {
    /** A migrated template database; each test file gets its own copy. */
    templateUrl: string;
  }
}

/**
 * A real, throwaway PostgreSQL for the integration suite: own temp dir, own port,
 * migrated once as a template, removed afterwards.
 */
export default async function setup(project: TestProject) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "cdk-pg-"));
  const port = await freePort();
  const cluster = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), port, database: "template_app", ephemeral: true });
  await migrateDatabase(cluster.url);
  project.provide("templateUrl", cluster.url);
  return async () => {
    await cluster.stop();
    await fs.rm(dir, { recursive: true, force: true });
  };
}
