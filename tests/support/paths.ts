import path from "node:path";

export const PROJECT_ROOT = path.resolve(import.meta.dirname, "..", "..");
/** Shared inputs live next to the project (../shared), never inside it. SHARED_DIR overrides. */
export const SHARED = process.env.SHARED_DIR ? path.resolve(process.env.SHARED_DIR) : path.resolve(PROJECT_ROOT, "..", "shared");
export const SEEDS = path.join(SHARED, "seeds");
export const FIXTURES = path.join(SHARED, "fixtures");
export const DATA = path.join(SHARED, "data");
