import fs from "node:fs";
import { defineConfig } from "@playwright/test";
import { E2E } from "./tests/e2e/env";

/** A real Chromium without downloading one: Debian's if installed, else the one shipped in an npm package. */
async function chromiumExecutable(): Promise<string> {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (fs.existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  const { default: chromium } = await import("@sparticuz/chromium");
  return chromium.executablePath();
}

export default defineConfig({
  testDir: "tests/e2e",
  globalSetup: "./tests/e2e/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: E2E.baseURL,
    trace: "off",
    launchOptions: {
      executablePath: await chromiumExecutable(),
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  // The product's own `npm start` path: embedded PostgreSQL (throwaway here), migrations,
  // demo data, build if needed, next start.
  webServer: {
    command: "node --import tsx scripts/start.ts",
    url: `${E2E.baseURL}/api/health`,
    timeout: 420_000,
    reuseExistingServer: false,
    stdout: process.env.E2E_SERVER_LOG ? "pipe" : "ignore",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGINT", timeout: 15_000 },
    env: {
      PORT: String(E2E.port),
      EMBEDDED_PGPORT: String(E2E.pgPort),
      EMBEDDED_PGDATA: E2E.pgData,
      EXPORT_DIR: E2E.exportDir,
      EMBEDDED_PG_EPHEMERAL: "1",
      DEMO: "1",
      DEMO_COMMENTS: "600",
      // The specs start their own workers, to see jobs queued before one runs.
      START_WORKER: "0",
      NEXTAUTH_SECRET: "e2e-only-secret-not-for-production-use",
      NEXTAUTH_URL: E2E.baseURL,
    },
  },
});
