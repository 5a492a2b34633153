import type { z } from "zod";
import { cliMessage, parseArgs } from "@/lib/runtime/cli";

/**
 * A runner's options, read against its schema: a flag the schema does not name (a mistyped
 * `--seeds 42`) or a stray argument is refused, naming the options the runner takes, rather
 * than dropped while the run goes on with the default. `switches` are the schema's flags
 * that take no value.
 */
export function parseOptions<S extends z.ZodObject>(schema: S, argv: readonly string[], switches: readonly string[] = []): z.infer<S> {
  const values = Object.keys(schema.shape).filter((name) => !switches.includes(name));
  const { flags, positionals } = parseArgs(argv, switches, values);
  if (positionals.length > 0) throw new Error(`unexpected argument ${positionals[0]} (options are given as --name value)`);
  return schema.parse(flags);
}

/**
 * parseOptions on the process's own arguments. A refusal ends the process with one line on
 * stderr and status 2, apart from status 1, which the runners keep for losses found.
 */
export function optionsOrExit<S extends z.ZodObject>(schema: S, switches: readonly string[] = []): z.infer<S> {
  try {
    return parseOptions(schema, process.argv.slice(2), switches);
  } catch (err) {
    process.stderr.write(`error: ${cliMessage(err)}\n`);
    process.exit(2);
  }
}
