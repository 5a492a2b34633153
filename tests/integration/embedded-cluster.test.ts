import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "@/lib/runtime/embedded-postgres";
import { freePort } from "../support/free-port";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true });
});

async function cluster(options: { ephemeral?: boolean } = { ephemeral: true }) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "cdk-cluster-"));
  dirs.push(dir);
  const dataDir = path.join(dir, "pg");
  return { dataDir, database: await startEmbeddedPostgres({ dataDir, port: await freePort(), ephemeral: options.ephemeral }) };
}

const isRoot = os.userInfo().uid === 0;

describe("the embedded cluster", { timeout: 60_000 }, () => {
  // As root the server runs as the postgres OS user; a data folder kept across a recreated container can belong to another uid.
  it.skipIf(!isRoot)("starts from a kept data folder another uid owns, giving it to the postgres user", async () => {
    const { dataDir, database } = await cluster({ ephemeral: false });
    await database.stop();
    const owner = await fs.stat(dataDir);
    await fs.chown(dataDir, 0, 0);
    const again = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    try {
      expect((await fs.stat(dataDir)).uid).toBe(owner.uid);
    } finally {
      await again.stop();
    }
  });

  it("reports a cluster that stops without being asked, with its last messages", async () => {
    const { dataDir, database } = await cluster();
    const heard: string[] = [];
    const exited = new Promise<string>((resolve) => database.watch({ message: (line) => heard.push(line), exit: resolve }));
    // An immediate shutdown, as an administrator's `pg_ctl stop -m immediate` (or the OOM killer's aftermath) gives.
    const pid = Number((await fs.readFile(path.join(dataDir, "postmaster.pid"), "utf8")).split("\n")[0]);
    process.kill(pid, "SIGQUIT");
    const detail = await exited;
    expect(detail).toMatch(/^exit code \d+|^signal SIG/);
    expect(detail).toContain("immediate shutdown request");
    await database.stop();
  });

  it("says nothing of a cluster stopped on purpose", async () => {
    const { database } = await cluster();
    let reported: string | null = null;
    database.watch({ message: () => {}, exit: (detail) => (reported = detail) });
    await database.stop();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(reported).toBeNull();
  });
});
