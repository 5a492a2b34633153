import fs from "node:fs";
import { ZodError } from "zod";
import { prepareDatabase } from "./database";

/**
 * An error as one line for the terminal: a refused option names the option and why
 * ("role: Invalid option…"), not zod's JSON.
 */
export function cliMessage(err: unknown): string {
  if (err instanceof ZodError) return err.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
  return err instanceof Error ? err.message : String(err);
}

/**
 * Runs a CLI command against the project's database: DATABASE_URL, or the embedded
 * PostgreSQL (reused if `npm start` is running, started and stopped otherwise),
 * with migrations applied first. `main` returns the exit code.
 * Modules that touch the database must be imported inside `main` (dynamic import),
 * after DATABASE_URL is known.
 */
export async function runCli(main: () => Promise<number>): Promise<never>;
/** The same, with the command's options read by `parse` first: a mistyped one is refused before a database starts. */
export async function runCli<A>(parse: () => A, main: (args: A) => Promise<number>): Promise<never>;
export async function runCli<A>(first: (() => A) | (() => Promise<number>), second?: (args: A) => Promise<number>): Promise<never> {
  let code = 1;
  let stop: (() => Promise<void>) | undefined;
  try {
    const args = second ? (first as () => A)() : undefined;
    const database = await prepareDatabase({ leaveRunningIfShared: true });
    stop = database.stop;
    code = second ? await second(args as A) : await (first as () => Promise<number>)();
  } catch (err) {
    process.stderr.write(`error: ${cliMessage(err)}\n`);
    if (process.env.DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    code = 1;
  } finally {
    const { disconnectDb } = await import("@/lib/db").catch(() => ({ disconnectDb: async () => {} }));
    await disconnectDb().catch(() => {});
    await stop?.().catch(() => {});
  }
  process.exit(code);
}

/**
 * Parses `--flag value` / `--flag=value` / `--switch` (or `--switch=true|false`) and positionals.
 * With `values` (the flags that take a value), any other flag is refused, naming the ones the
 * command takes: a mistyped `--sources` must not import under the default source, nor a
 * `--dry-run` take the next file as its value. A flag given twice is refused too.
 */
export function parseArgs(argv: readonly string[], switches: readonly string[] = [], values?: readonly string[]) {
  if (argv.includes("--help") || argv.includes("-h")) printUsageAndExit();
  const flags: Record<string, string | true> = {};
  const positionals: string[] = [];
  const known = values ? new Set([...switches, ...values]) : null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith("--")) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      if (known && !known.has(name)) {
        const takes = [...known].sort().map((f) => `--${f}`).join(", ");
        throw new Error(`unknown option --${name}${takes ? ` (this command takes ${takes})` : " (this command takes none)"}`);
      }
      if (name in flags) throw new Error(`--${name} is given twice`);
      if (switches.includes(name)) {
        if (inline === undefined || inline === "true" || inline === "1") flags[name] = true;
        else if (inline !== "false" && inline !== "0") throw new Error(`--${name} is a switch: give it alone, or =true / =false`);
      } else if (inline !== undefined) flags[name] = inline;
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

/**
 * Runs `parse`, naming in a refusal the command-line option a value came from, not the schema's
 * field ("--profile: Invalid option…", not "profiles.0: …"). `names` maps fields to options.
 */
export function asOptions<T>(parse: () => T, names: Readonly<Record<string, string>>): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof ZodError) {
      for (const issue of err.issues) {
        const field = issue.path.find((p) => typeof p === "string" && p in names);
        if (typeof field === "string") (issue as { path: PropertyKey[] }).path = [`--${names[field]}`];
      }
    }
    throw err;
  }
}

/** parseArgs for a command that takes options only: a stray word ("--comments 10 000") is refused, not ignored. */
export function parseOptions(argv: readonly string[], switches: readonly string[], values: readonly string[]): Record<string, string | true> {
  const { flags, positionals } = parseArgs(argv, switches, values);
  if (positionals.length) {
    throw new Error(`unexpected argument ${positionals.join(" ")}: this command takes options only, each value right after its option`);
  }
  return flags;
}

/**
 * `--help`: prints the usage the running script states in its opening comment (every command
 * opens with one: `npm run import -- [--json] …` and what it does), then exits.
 */
function printUsageAndExit(): never {
  const script = process.argv[1] ?? "";
  const text = fs.existsSync(script) ? fs.readFileSync(script, "utf8") : "";
  const comment = text.match(/^(?:#![^\n]*\n)?\s*\/\*\*([\s\S]*?)\*\//)?.[1];
  const usage = comment
    ?.split("\n")
    .map((line) => line.replace(/^\s*\* ?/, ""))
    .join("\n")
    .trim();
  process.stdout.write(`${usage || "no usage is written for this command: see the README"}\n`);
  process.exit(0);
}
