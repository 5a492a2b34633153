import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { expect, type Locator, type Page } from "@playwright/test";
import { E2E } from "./env";
import { PROJECT_ROOT } from "../support/paths";

export type Role = "admin" | "moderator" | "editor" | "staff";

/** Signs in through the real form with the demo account of a role. */
export async function signIn(page: Page, role: Role): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(`${role}@demo.local`);
  await page.getByLabel("Password").fill(`demo-${role}-pass`);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/**
 * A client of the e2e database whose session counts days in UTC, as the app does under the
 * demo's newsroom time zone (the default, UTC): the cluster's own zone is copied from the
 * host, so `::date` would otherwise follow the machine.
 */
function e2eClient(): pg.Client {
  return new pg.Client({ connectionString: E2E.databaseUrl, options: "-c TimeZone=UTC" });
}

/** Runs a query against the e2e database. */
export async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = e2eClient();
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Runs statements in one transaction against the e2e database: all or none. */
export async function transaction(statements: [sql: string, params: unknown[]][]): Promise<void> {
  const client = e2eClient();
  await client.connect();
  try {
    await client.query("BEGIN");
    for (const [sql, params] of statements) await client.query(sql, params);
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}

/** Runs a project CLI script against the e2e database. */
export function runCli(script: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join("node_modules", "tsx", "dist", "cli.mjs"), script, ...args], {
      env: { ...process.env, DATABASE_URL: E2E.databaseUrl },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The version of the shipped default model, read from its file (the one the demo is scored with). */
export async function shippedVersion(): Promise<string> {
  const file = path.join(PROJECT_ROOT, "lib", "scoring", "models", "default.json");
  return (JSON.parse(await fs.readFile(file, "utf8")) as { version: string }).version;
}

/**
 * Imports a saved text page (its first line is the headline) through the command line under a
 * source of its own, and returns its thread's id.
 */
export async function importTextPage(fileName: string, text: string, source: string): Promise<number> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "cdk-e2e-page-"));
  try {
    const file = path.join(dir, fileName);
    await fs.writeFile(file, text);
    const result = await runCli("scripts/import.ts", ["--json", "--source", source, file]);
    expect(result.code, result.stderr).toBe(0);
  } finally {
    await fs.rm(dir, { recursive: true });
  }
  const [thread] = await query<{ id: number }>("SELECT id FROM thread WHERE title = $1", [text.split("\n", 1)[0]!]);
  return thread!.id;
}

/**
 * Opens a queue page and waits until its shortcuts are heard: keys pressed before the page's
 * scripts run are lost, which on a busy machine made the first press of a test go nowhere.
 */
export async function openQueue(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole("toolbar", { name: "Bulk actions" })).toHaveAttribute("data-keys", "on");
}
