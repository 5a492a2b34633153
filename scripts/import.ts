/**
 * npm run import -- [--json] [--format F] [--source KEY] PATH...
 * Imports files and folders; exit 0 when every file imported, 2 when any was rejected.
 */
import { z } from "zod";
import { parseArgs, runCli } from "@/lib/runtime/cli";

const argsSchema = z.object({
  json: z.boolean(),
  format: z.enum(["text"]).optional(),
  source: z.string().min(1).optional(),
  paths: z.array(z.string()).min(1, "give at least one file or folder to import"),
});

void runCli(async () => {
  const { flags, positionals } = parseArgs(process.argv.slice(2), ["json"]);
  const args = argsSchema.parse({
    json: flags.json === true,
    format: flags.format,
    source: flags.source,
    paths: positionals,
  });
  const { importFiles } = await import("@/lib/ingest");
  const summary = await importFiles(args.paths, {
    format: args.format,
    sourceKey: args.source,
    onFile: args.json
      ? undefined
      : (f) => {
          if ("message" in f) process.stdout.write(`✗ ${f.file}:${f.line}: ${f.message}\n`);
          else {
            process.stdout.write(
              `✓ ${f.file}: ${f.comments} comments (${f.inserted} new, ${f.updated} updated, ${f.unchanged} unchanged), ${f.scored} scored\n`,
            );
            for (const note of f.notes) process.stdout.write(`    note: ${note}\n`);
          }
        },
  });
  const { perFile: _perFile, ...totals } = summary;
  if (args.json) process.stdout.write(`${JSON.stringify(totals)}\n`);
  else {
    process.stdout.write(
      `\n${summary.files} files, ${summary.threads} threads, ${summary.comments} comments: ` +
        `${summary.inserted} new, ${summary.updated} updated, ${summary.unchanged} unchanged, ` +
        `${summary.orphans} orphans, ${summary.rejected.length} files rejected.\n`,
    );
  }
  return summary.rejected.length ? 2 : 0;
});
