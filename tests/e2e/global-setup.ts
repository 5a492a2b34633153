import fs from "node:fs/promises";
import path from "node:path";
import { E2E } from "./env";
import { PROJECT_ROOT } from "../support/paths";

/**
 * Removes the export folder of this run's port before any spec runs. The database is thrown
 * away after every run but the folder is not, so the files of earlier runs' jobs, which no
 * job of this run names, would pile up run after run. The web server (started just before
 * this, without a worker) writes nothing there; an export worker a spec starts creates the
 * folder again when it writes.
 */
export default async function globalSetup(): Promise<void> {
  // Relative to the project, as for the web server that Playwright starts there.
  await fs.rm(path.resolve(PROJECT_ROOT, E2E.exportDir), { recursive: true, force: true });
}
