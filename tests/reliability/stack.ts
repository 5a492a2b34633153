import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "@/lib/runtime/embedded-postgres";
import { migrateDatabase } from "@/lib/runtime/migrate";
import { ensureBuild } from "@/lib/runtime/build";
import { startWebServer } from "@/lib/perf/server";
import { freePort } from "../support/free-port";

export type Stack = {
  dir: string;
  pgPort: number;
  database: EmbeddedDatabase;
  web: { baseUrl: string; stop: () => Promise<void> };
  /** Stops Postgres (the web server keeps running). */
  stopDatabase: () => Promise<void>;
  /** Starts Postgres again on the same data and port. */
  startDatabase: () => Promise<void>;
  close: () => Promise<void>;
};

/**
 * A throwaway but persistent embedded PostgreSQL with demo data and the built web
 * app in front of it, for fault and load runs.
 */
export async function startStack(options: { demoComments: number; log: (line: string) => void }): Promise<Stack> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "cdk-reliability-"));
  const pgPort = await freePort();
  const dataDir = path.join(dir, "pg");
  let database = await startEmbeddedPostgres({ dataDir, port: pgPort, database: "app" });
  await migrateDatabase(database.url);
  process.env.DATABASE_URL = database.url;
  const { ensureDemoUsers, seedDemoData } = await import("@/lib/demo/seed");
  await ensureDemoUsers();
  await seedDemoData({ comments: options.demoComments, seed: 4242 });
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  await ensureBuild(options.log);
  const web = await startWebServer(database.url, await freePort());
  return {
    dir,
    pgPort,
    get database() {
      return database;
    },
    web,
    stopDatabase: () => database.stop(),
    startDatabase: async () => {
      database = await startEmbeddedPostgres({ dataDir, port: pgPort, database: "app" });
    },
    close: async () => {
      await web.stop().catch(() => {});
      await database.stop().catch(() => {});
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/** Signs in through next-auth's credentials endpoint; returns the Cookie header of the session. */
export async function signInCookie(baseUrl: string, email: string, password: string): Promise<string> {
  const { response, cookie, jar } = await postCredentials(baseUrl, email, password);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in as ${email} failed (${response.status})`);
  return cookie();
}

/** What the sign-in form would show after these credentials (next-auth's `error` parameter), or null. */
export async function signInError(baseUrl: string, email: string, password: string): Promise<string | null> {
  const { response } = await postCredentials(baseUrl, email, password);
  const location = response.headers.get("location") ?? ((await response.json().catch(() => ({}))) as { url?: string }).url ?? "";
  return location ? new URL(location, baseUrl).searchParams.get("error") : null;
}

async function postCredentials(baseUrl: string, email: string, password: string) {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, ...value] = pair!.split("=");
      jar.set(name!.trim(), value.join("="));
    }
  };
  keep(csrf);
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie(), origin: baseUrl },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: baseUrl, json: "true" }),
  });
  keep(response);
  return { response, cookie, jar };
}
