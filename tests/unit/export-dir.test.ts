import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXPORT_KEEP_DAYS, exportFilePath, exportTempPath, sweepExportDir } from "@/lib/reports/export-dir";

const ID = "0b6f0c1e-5a8d-4c55-9a57-3f1d2a9e8c11";
let dir = "";

async function touch(name: string, ageSeconds: number): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, "x");
  const when = new Date(Date.now() - ageSeconds * 1000);
  await fs.utimes(file, when, when);
  return name;
}

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "cdk-export-dir-"));
  process.env.EXPORT_DIR = dir;
});

afterEach(async () => {
  delete process.env.EXPORT_DIR;
  await fs.rm(dir, { recursive: true, force: true });
});

describe("export folder", () => {
  it("names a finished file by job id and format, and each attempt's temporary file apart", () => {
    expect(exportFilePath(ID, "csv")).toBe(path.join(dir, `${ID}.csv`));
    const a = exportTempPath(ID, "csv");
    expect(path.basename(a)).toMatch(new RegExp(`^${ID}\\.csv\\.\\d+-[0-9a-f]{8}\\.part$`));
    expect(exportTempPath(ID, "csv")).not.toBe(a);
  });

  it("removes dead attempts past the lease and finished files past the retention, nothing else", async () => {
    const lease = 3600;
    const live = await touch(path.basename(exportTempPath(ID, "csv")), lease - 60);
    await touch(path.basename(exportTempPath(ID, "jsonl")), lease + 60);
    const fresh = await touch(`${ID}.pdf`, 86_400);
    await touch(`${ID}.csv`, EXPORT_KEEP_DAYS * 86_400 + 60);
    const foreign = await touch("notes.txt", 365 * 86_400);
    expect(await sweepExportDir(lease)).toBe(2);
    expect((await fs.readdir(dir)).sort()).toEqual([live, fresh, foreign].sort());
  });

  it("sweeps a folder that does not exist yet without complaint", async () => {
    process.env.EXPORT_DIR = path.join(dir, "not-yet");
    expect(await sweepExportDir(60)).toBe(0);
  });
});

describe("after a commenter's data is erased", () => {
  it("every export file goes, finished or partial, whatever its age; files not named like exports stay", async () => {
    const { removeExportFiles } = await import("@/lib/reports/export-dir");
    await touch(`${ID}.csv`, 60);
    await touch(`${ID.replace("0b6f", "1b6f")}.pdf`, 3600);
    // What an attempt writes: a crashed worker's is never swept until the next export starts; a live one's attempt is tried again.
    await touch(path.basename(exportTempPath(ID, "jsonl")), 1);
    await touch("notes.txt", 60);
    expect(await removeExportFiles()).toBe(3);
    expect(await fs.readdir(dir)).toEqual(["notes.txt"]);
  });
});
