import path from "node:path";

/** Shared inputs live next to the project, never inside it. */
export const SHARED = path.resolve(import.meta.dirname, "..", "..", "..", "shared");
export const SEEDS = path.join(SHARED, "seeds");
export const FIXTURES = path.join(SHARED, "fixtures");
export const PROJECT_ROOT = path.resolve(import.meta.dirname, "..", "..");
