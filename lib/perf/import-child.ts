/**
 * Child process of the full benchmark: imports the file named by the first argument
 * into DATABASE_URL and prints the measurement as one JSON line on standard output.
 */
import { measureFileImport } from "./import";

measureFileImport(process.argv[2] ?? "").then(
  (measured) => {
    process.stdout.write(`${JSON.stringify(measured)}\n`);
    process.exit(0);
  },
  (err) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
