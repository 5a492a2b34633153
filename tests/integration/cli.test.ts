import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { SEEDS, PROJECT_ROOT } from "../support/paths";

function run(script: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, "node_modules/tsx/dist/cli.mjs"), script, ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("command line", () => {
  it("imports with --json: the last line is the summary, exit 0", async () => {
    const result = await run("scripts/import.ts", ["--json", SEEDS]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout.trim().split("\n").pop()!);
    // What the rules put in the queue (or rejected) is what the import says it flagged.
    const { rows } = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM comment WHERE mod_status IN ('flagged', 'rejected')");
    expect(rows[0]!.n).toBeGreaterThan(0);
    expect(summary).toEqual({
      files: 5, threads: 5, comments: 26, inserted: 26, updated: 0, unchanged: 0, orphans: 0, skipped: 0, flagged: rows[0]!.n, unflagged: 0, rejected: [],
    });
  });

  it("exits 2 and names file and line when a file is rejected", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "cdk-cli-"));
    const bad = path.join(dir, "bad.txt");
    await fs.writeFile(bad, "");
    const result = await run("scripts/import.ts", ["--json", bad]);
    expect(result.code).toBe(2);
    const summary = JSON.parse(result.stdout.trim().split("\n").pop()!);
    expect(summary.rejected).toEqual([{ file: bad, line: 1, message: "the file is empty" }]);
    await fs.rm(dir, { recursive: true });
  });

  it("creates a user with a generated password, issues a token and resets the password", async () => {
    const created = await run("scripts/user.ts", ["create", "--email", "cli@test.local", "--role", "editor"]);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/created cli@test.local \(editor\)\npassword: \S{16,}/);
    const token = await run("scripts/user.ts", ["token", "--email", "cli@test.local"]);
    expect(token.code).toBe(0);
    expect(token.stdout.trim()).toMatch(/^cdk_[\w-]{20,}$/);
    const reset = await run("scripts/user.ts", ["reset-password", "--email", "CLI@test.local"]);
    expect(reset.code).toBe(0);
    const password = /^new password for cli@test\.local: (\S{16,})\n$/.exec(reset.stdout)?.[1];
    expect(password).toBeDefined();
    const { authenticate } = await import("@/lib/auth/users");
    expect(await authenticate("cli@test.local", password!)).toMatchObject({ email: "cli@test.local" });
    const bad = await run("scripts/user.ts", ["create", "--email", "x@test.local", "--role", "root"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/role/);
  });

  it("exports CSV to a file", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "cdk-exp-"));
    const out = path.join(dir, "out.csv");
    const result = await run("scripts/export.ts", ["--format", "csv", "--out", out]);
    expect(result.code).toBe(0);
    const text = await fs.readFile(out, "utf8");
    expect(text.split("\n")[0]).toMatch(/^thread\.key,thread\.title,/);
    expect(result.stderr).toContain("wrote 26 comments");
    await fs.rm(dir, { recursive: true });
  });

  it("refuses a rescore with the active model while a change of the model runs; one for comparison goes ahead", async () => {
    const other = await pool.connect();
    try {
      await other.query("SELECT pg_advisory_lock(72611240)");
      const active = await run("scripts/rescore.ts", ["--json"]);
      expect(active.code).toBe(1);
      expect(active.stderr).toMatch(/^error: another change of the scoring model is running/m);
      const comparison = await run("scripts/rescore.ts", ["--json", "--model", "builtin-lexicon"]);
      expect(comparison.code).toBe(0);
      expect(JSON.parse(comparison.stdout.trim().split("\n").pop()!)).toMatchObject({ model: { name: "builtin-lexicon" }, scored: 26 });
    } finally {
      await other.query("SELECT pg_advisory_unlock(72611240)");
      other.release();
    }
  });
});
