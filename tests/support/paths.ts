import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const PROJECT_ROOT = path.resolve(import.meta.dirname, "..", "..");

/**
 * Shared inputs live next to the project (../shared), never inside it. SHARED_DIR
 * overrides; a clone made elsewhere from a local checkout finds them next to that checkout.
 */
function sharedDir(): string {
  if (process.env.SHARED_DIR) return path.resolve(process.env.SHARED_DIR);
  const beside = path.resolve(PROJECT_ROOT, "..", "shared");
  if (fs.existsSync(beside)) return beside;
  try {
    const origin = execFileSync("git", ["config", "--get", "remote.origin.url"], { cwd: PROJECT_ROOT, encoding: "utf8" }).trim();
    const local = origin.startsWith("file://") ? origin.slice("file://".length) : origin;
    const besideOrigin = path.resolve(local, "..", "shared");
    if (path.isAbsolute(local) && fs.existsSync(besideOrigin)) return besideOrigin;
  } catch {
    // Not a git checkout, or no origin: fall through to the usual place.
  }
  return beside;
}

export const SHARED = sharedDir();
export const SEEDS = path.join(SHARED, "seeds");
export const FIXTURES = path.join(SHARED, "fixtures");
export const DATA = path.join(SHARED, "data");
