import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

const SOURCES = ["app", "lib", "next.config.js", "tsconfig.json", "package-lock.json", "prisma/schema.prisma"];
const IGNORED = new Set(["generated", "node_modules"]);
const distDir = () => process.env.NEXT_DIST_DIR || ".next";

async function collect(entry: string, out: string[]): Promise<void> {
  const stat = await fs.stat(entry).catch(() => null);
  if (!stat) return;
  if (stat.isDirectory()) {
    for (const name of (await fs.readdir(entry)).sort()) {
      if (!IGNORED.has(name)) await collect(path.join(entry, name), out);
    }
  } else out.push(`${entry}:${stat.size}:${stat.mtimeMs}`);
}

/** A fingerprint of everything the web build depends on (paths, sizes, times). */
export async function sourceFingerprint(): Promise<string> {
  const entries: string[] = [];
  for (const s of SOURCES) await collect(s, entries);
  return createHash("sha1").update(entries.join("\n")).digest("hex");
}

/** Builds the Next.js app when there is no build or the sources changed since the last one. */
export async function ensureBuild(log: (line: string) => void): Promise<void> {
  const fingerprint = await sourceFingerprint();
  const stamp = path.join(distDir(), "source-fingerprint");
  const hasBuild = await fs.access(path.join(distDir(), "BUILD_ID")).then(() => true, () => false);
  const previous = await fs.readFile(stamp, "utf8").catch(() => "");
  if (hasBuild && previous === fingerprint) return;
  log(hasBuild ? "Sources changed: rebuilding the web app…" : "Building the web app (first run, about a minute)…");
  await runNext(["build"], { NEXT_TELEMETRY_DISABLED: "1" });
  await fs.writeFile(stamp, fingerprint);
}

function runNext(args: string[], env: Record<string, string>): Promise<void> {
  const bin = path.join("node_modules", "next", "dist", "bin", "next");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: "inherit", env: { ...process.env, ...env } });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`next ${args.join(" ")} exited ${code}`))));
  });
}
