import { prepareDatabase } from "./database";

/**
 * Runs a CLI command against the project's database: DATABASE_URL, or the embedded
 * PostgreSQL (reused if `npm start` is running, started and stopped otherwise),
 * with migrations applied first. `main` returns the exit code.
 * Modules that touch the database must be imported inside `main` (dynamic import),
 * after DATABASE_URL is known.
 */
export async function runCli(main: () => Promise<number>): Promise<never> {
  let code = 1;
  let stop: (() => Promise<void>) | undefined;
  try {
    const database = await prepareDatabase();
    stop = database.stop;
    code = await main();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`error: ${message}\n`);
    if (process.env.DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    code = 1;
  } finally {
    const { disconnectDb } = await import("@/lib/db").catch(() => ({ disconnectDb: async () => {} }));
    await disconnectDb().catch(() => {});
    await stop?.().catch(() => {});
  }
  process.exit(code);
}

/** Parses `--flag value` / `--flag=value` / `--switch` and positionals. */
export function parseArgs(argv: readonly string[], switches: readonly string[] = []) {
  const flags: Record<string, string | true> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith("--")) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      if (inline !== undefined) flags[name] = inline;
      else if (switches.includes(name)) flags[name] = true;
      else {
        const value = argv[i + 1];
        if (value === undefined || value.startsWith("--")) throw new Error(`--${name} needs a value`);
        flags[name] = value;
        i++;
      }
    } else positionals.push(arg);
  }
  return { flags, positionals };
}
