import net from "node:net";
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { SEEDS, PROJECT_ROOT } from "../support/paths";

function run(script: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, "node_modules/tsx/dist/cli.mjs"), script, ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL, ...env },
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

  it("queues imports with --background; a worker stores them and `jobs --wait` reports each outcome", { timeout: 120_000 }, async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "cdk-cli-bg-"));
    const good = path.join(dir, "late-night.csv");
    const rows = ["sourceId,thread.key,thread.title,postedAt,author,body"];
    for (let i = 1; i <= 40; i++) rows.push(`bg-${i},bg-thread,Queued import,2026-02-0${1 + (i % 9)}T10:00:00Z,Reader ${i},Comment number ${i}`);
    await fs.writeFile(good, `${rows.join("\n")}\n`);
    const bad = path.join(dir, "broken.csv");
    await fs.writeFile(bad, "sourceId,thread.key,postedAt,body\nx1,t,not a date,hello\n");
    const { startWorker, stopBoss } = await import("@/lib/jobs");
    try {
      const queued = await run("scripts/import.ts", ["--background", "--json", "--source", "bg-site", good, bad]);
      expect(queued.stderr).toBe("");
      expect(queued.code).toBe(0);
      const { queued: jobs } = JSON.parse(queued.stdout.trim().split("\n").pop()!) as { queued: { path: string; job: string }[] };
      expect(jobs.map((j) => j.path)).toEqual([good, bad]);
      // Nothing is stored until a worker takes the jobs.
      const stored = async () => (await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM comment c JOIN source s ON s.id = c.source_id WHERE s.key = 'bg-site'")).rows[0]!.n;
      expect(await stored()).toBe(0);
      expect((await run("scripts/jobs.ts", [jobs[0]!.job])).stdout).toMatch(/^import .*: queued/);

      const stop = await startWorker({ queues: ["import-file"] });
      try {
        const done = await run("scripts/jobs.ts", [jobs[0]!.job, "--wait"]);
        expect(done.code).toBe(0);
        expect(done.stdout).toMatch(/: done, 40 \/ 40 \(100%\)\n {2}1 file, 40 comments: 40 new, 0 updated, 0 unchanged, \d+ flagged\n$/);
        expect(await stored()).toBe(40);
        const refused = await run("scripts/jobs.ts", [jobs[1]!.job, "--wait"]);
        expect(refused.code).toBe(1);
        expect(refused.stdout).toContain(`failed`);
        expect(refused.stdout).toContain(`rejected, nothing stored: ${bad}:2:`);
      } finally {
        await stop();
      }
      // A path that does not exist is refused before anything is queued.
      const missing = await run("scripts/import.ts", ["--background", path.join(dir, "nope.csv")]);
      expect(missing.code).not.toBe(0);
      expect(missing.stderr).toContain("nope.csv: no such file or folder");
    } finally {
      await stopBoss();
      await fs.rm(dir, { recursive: true });
      // The tests below count every comment there is.
      await pool.query("DELETE FROM comment WHERE source_id IN (SELECT id FROM source WHERE key = 'bg-site')");
    }
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
    // Activating an active account changes nothing, and logs nothing; deactivating logs once.
    const logged = async () =>
      (await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM activity_event WHERE subject = 'cli@test.local'")).rows[0]!.n;
    const before = await logged();
    const already = await run("scripts/user.ts", ["activate", "--email", "cli@test.local"]);
    expect([already.code, already.stdout]).toEqual([0, "cli@test.local was already active\n"]);
    expect(await logged()).toBe(before);
    const off = await run("scripts/user.ts", ["deactivate", "--email", "cli@test.local"]);
    expect([off.code, off.stdout]).toEqual([0, "deactivated cli@test.local\n"]);
    expect(await logged()).toBe(before + 1);
    const again = await run("scripts/user.ts", ["deactivate", "--email", "cli@test.local"]);
    expect(again.stdout).toBe("cli@test.local was already deactivated\n");
    expect(await logged()).toBe(before + 1);
    const bad = await run("scripts/user.ts", ["create", "--email", "x@test.local", "--role", "root"]);
    expect(bad.code).toBe(1);
    // One line naming the option, not zod's JSON.
    expect(bad.stderr.trim()).toMatch(/^error: role: [^\n]+$/);
    // An option the command does not take is refused before anything is done.
    const mistyped = await run("scripts/user.ts", ["create", "--email", "y@test.local", "--roles", "editor"]);
    expect(mistyped.code).toBe(1);
    expect(mistyped.stderr).toContain("unknown option --roles (this command takes --email, --id, --password, --role)");
  });

  it("exports CSV to a file", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "cdk-exp-"));
    const out = path.join(dir, "out.csv");
    const result = await run("scripts/export.ts", ["--format", "csv", "--out", out]);
    expect(result.code).toBe(0);
    const text = await fs.readFile(out, "utf8");
    expect(text.split("\n")[0]).toMatch(/^thread\.key,thread\.title,/);
    expect(result.stderr).toContain("wrote 26 comments");
    // Written beside it and renamed when whole.
    expect(await fs.readdir(dir)).toEqual(["out.csv"]);
    // A mistyped option is named with the ones the command takes, before anything is written.
    const mistyped = await run("scripts/export.ts", ["--format", "csv", "--sources", "a", "--out", path.join(dir, "no.csv")]);
    expect(mistyped.code).toBe(1);
    expect(mistyped.stderr).toContain("unknown option --sources (this command takes --attribute, --background, --bom, --format, --from, --kind, --model, --out, --section, --source, --source-status, --status, --thread, --to)");
    expect(await fs.readdir(dir)).toEqual(["out.csv"]);
    await fs.rm(dir, { recursive: true });
  });

  it("follows a background import phase by phase: no 100% while the file is read, and what it is doing", async () => {
    const { reportImportStep } = await import("@/lib/jobs/imports");
    const { startProgress } = await import("@/lib/jobs/progress");
    const id = "00000000-0000-4000-8000-00000000fade";
    await startProgress(id, "import", 0);
    const step = { file: "/data/export.xml", index: 1, files: 2, bytesRead: 10, bytesTotal: 100 };
    await reportImportStep(id, { ...step, phase: "reading", done: 50_000 });
    const reading = await run("scripts/jobs.ts", [id]);
    expect(reading.stdout).toBe(`import ${id}: running, 50,000 so far\n  reading export.xml (file 1 of 2)\n`);
    await reportImportStep(id, { ...step, phase: "writing", done: 20_000, total: 80_000 });
    expect((await run("scripts/jobs.ts", [id])).stdout).toBe(`import ${id}: running, 20,000 / 80,000 (25%)\n  storing export.xml (file 1 of 2)\n`);
  });

  it("exports the active model's scores, read from the settings, not the shipped model's", async () => {
    const { setScoringConfig } = await import("@/lib/scoring/settings");
    const { builtinModelInfo } = await import("@/lib/scoring/builtin");
    const news = builtinModelInfo("news");
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "cdk-exp-active-"));
    try {
      await setScoringConfig({ provider: "builtin", profile: "news" });
      // One comment scored by the news model: the others have no score from it.
      const { rows } = await pool.query<{ id: number }>("SELECT id FROM comment ORDER BY id LIMIT 1");
      await pool.query(
        `INSERT INTO score (comment_id, model, model_version, sentiment, sentiment_label, incivility) VALUES ($1, $2, $3, 0, 'neutral', 0.25)
         ON CONFLICT DO NOTHING`,
        [rows[0]!.id, news.name, news.version],
      );
      const out = path.join(dir, "out.jsonl");
      const result = await run("scripts/export.ts", ["--format", "jsonl", "--out", out]);
      expect(result.code, result.stderr).toBe(0);
      const models = (await fs.readFile(out, "utf8")).trimEnd().split("\n").map((l) => JSON.parse(l).model);
      expect(models.filter((m) => m !== null)).toEqual([`${news.name}@${news.version}`]);
    } finally {
      await setScoringConfig({ provider: "builtin" });
      await pool.query("DELETE FROM score WHERE model = $1", [news.name]);
      await fs.rm(dir, { recursive: true, force: true });
    }
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
    // With the active model it runs once no change runs, and is in the activity log; the comparison is not.
    const active = await run("scripts/rescore.ts", ["--json"]);
    expect(active.code, active.stderr).toBe(0);
    // One run judging the queue at a time: not beside another command's, nor a background run.
    const holder = await pool.connect();
    try {
      await holder.query("SELECT pg_advisory_lock(hashtext('foreground-rescore'))");
      const beside = await run("scripts/rescore.ts", ["--json", "--rules"]);
      expect(beside.code).toBe(1);
      expect(beside.stderr).toContain("a rescore or rules run is already running from the command line");
      const { startRescore } = await import("@/lib/jobs");
      await expect(startRescore({ rulesOnly: true })).rejects.toMatchObject({ status: 409 });
    } finally {
      await holder.query("SELECT pg_advisory_unlock(hashtext('foreground-rescore'))");
      holder.release();
    }
    await pool.query("INSERT INTO job_progress (id, kind, state) VALUES ('rules-cli-test', 'rules', 'running')");
    const behind = await run("scripts/rescore.ts", ["--json", "--rules"]);
    expect(behind.code).toBe(1);
    expect(behind.stderr).toContain("the rules are already being applied (rules-cli-test)");
    await pool.query("DELETE FROM job_progress WHERE id = 'rules-cli-test'");
    // The rules alone, with the scores just stored: nothing changes, every judgeable comment is read.
    // With one pooled connection: the run's lock is held on a connection of its own.
    const rules = await run("scripts/rescore.ts", ["--json", "--rules"], { DB_POOL_SIZE: "1" });
    expect(rules.code, rules.stderr).toBe(0);
    const { rows: judgeable } = await pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM comment WHERE kind = 'comment' AND mod_status IN ('none', 'flagged', 'rejected')",
    );
    expect(JSON.parse(rules.stdout.trim().split("\n").pop()!)).toMatchObject({ scored: judgeable[0]!.n, flagged: 0, unflagged: 0 });
    const { rows } = await pool.query("SELECT action, via FROM activity_event WHERE subject = 'scoring model' ORDER BY id");
    expect(rows).toEqual([{ action: "rescored all comments", via: "cli" }, { action: "applied the flag rules", via: "cli" }]);
  });

  it("npm start names a web port in use before it starts anything", async () => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, resolve));
    const port = (busy.address() as net.AddressInfo).port;
    try {
      // DATABASE_URL points nowhere: had it started anything first, the error would be the database's.
      const started = await run("scripts/start.ts", [], { PORT: String(port), DATABASE_URL: "postgresql://app:app@127.0.0.1:9/app", NEXTAUTH_SECRET: "a-test-secret-of-more-than-thirty-two-characters" });
      expect(started.code).toBe(1);
      expect(started.stderr.trim()).toBe(`error: port ${port} is in use (another npm start, or another program): stop it, or set PORT to another port`);
    } finally {
      busy.close();
    }
  });

  it("refuses a mistyped option before reaching the database, and prints each command's usage with --help", async () => {
    const nowhere = { DATABASE_URL: "postgresql://app:app@127.0.0.1:9/app" };
    const missing = path.join(os.tmpdir(), `cdk-no-such-folder-${process.pid}`);
    const cases: [string, string[], string][] = [
      ["scripts/import.ts", ["--sources", "x", "f.xml"], "unknown option --sources"],
      ["scripts/rescore.ts", ["--background", "--missing"], "--background rescores every comment"],
      ["scripts/rescore.ts", ["--rules", "--model", "builtin-lexicon"], "--rules applies the flag rules with the active model's stored scores"],
      ["scripts/user.ts", ["create", "--email", "not-an-email", "--role", "admin"], "email: "],
      ["scripts/jobs.ts", [], "usage: npm run jobs -- RUN_ID [--wait]"],
      ["scripts/seed-demo.ts", ["--comments", "many"], "comments: "],
      ["scripts/export.ts", ["--format", "csv", "--out", path.join(missing, "out.csv")], `--out ${path.join(missing, "out.csv")}: the folder ${missing} does not exist`],
      ["scripts/export.ts", ["--format", "csv", "--out", os.tmpdir()], `--out ${os.tmpdir()} is a folder: name a file in it`],
      ["scripts/privacy.ts", ["erase", "--id", "3"], "usage: npm run privacy -- erase-commenter --id COMMENTER_ID"],
      ["scripts/user.ts", ["token", "--email", "a@b.example", "--role", "admin"], 'Unrecognized key: "role"'],
      ["scripts/rescore.ts", ["--batch", "500", "1000"], "unexpected argument 1000: this command takes options only"],
    ];
    for (const [script, args, message] of cases) {
      const refused = await run(script, args, nowhere);
      expect(refused.code, script).toBe(1);
      expect(refused.stderr, script).toContain(message);
      // Not a failure to reach the database at port 9: nothing tried.
      expect(refused.stderr, script).not.toMatch(/ECONNREFUSED|migrat/i);
    }
    // Options fine, database down: one line naming the server, not the migration tool's page of output.
    const down = await run("scripts/jobs.ts", ["some-run"], nowhere);
    expect(down.code).toBe(1);
    expect(down.stderr.trim()).toBe(
      "error: cannot reach the database app at 127.0.0.1:9 (connect ECONNREFUSED 127.0.0.1:9): check DATABASE_URL and that the server is running",
    );
    const help = await run("scripts/import.ts", ["--help"], nowhere);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^npm run import -- \[--json\] \[--format F\] \[--source KEY\] \[--background\] PATH\.\.\./);
  });

  // Last: it adds comments the counts above do not expect.
  it("seeds demo data without the demo accounts outside demo mode (their passwords are published)", async () => {
    // A DATABASE_URL (this test's database) without DEMO=1 is a newsroom's own database.
    for (const env of [{ NODE_ENV: "production", DEMO: "0" }, { NODE_ENV: "development" }] as Record<string, string>[]) {
      const seeded = await run("scripts/seed-demo.ts", ["--comments", "20"], env);
      expect(seeded.code, seeded.stderr).toBe(0);
      expect(seeded.stderr).toContain("demo mode is off");
      expect(seeded.stdout).toMatch(/^20 comments stored/m);
    }
    const { rows } = await pool.query("SELECT email FROM app_user WHERE email LIKE '%@demo.local'");
    expect(rows).toEqual([]);
  });
});
