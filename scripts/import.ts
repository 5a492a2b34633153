/**
 * npm run import -- [--json] [--format F] [--source KEY] [--background] PATH...
 * Imports files and folders; exit 0 when every file imported, 2 when any was rejected.
 * On a terminal, progress (file, phase, comments/s) is drawn on standard error.
 * With --background each PATH is queued as a job for `npm run worker`s, which read it at
 * that path (on another machine, a shared folder); the job ids are printed, for
 * `npm run jobs -- ID --wait`.
 */
import { z } from "zod";
import { parseArgs, runCli } from "@/lib/runtime/cli";
import { FORMATS } from "@/lib/ingest/detect";
import { sourceKeySchema } from "@/lib/ingest/records";

const argsSchema = z.object({
  json: z.boolean(),
  background: z.boolean(),
  format: z.enum(FORMATS).optional(),
  source: sourceKeySchema.optional(),
  paths: z.array(z.string()).min(1, "give at least one file or folder to import"),
});

function readArgs() {
  const { flags, positionals } = parseArgs(process.argv.slice(2), ["json", "background"], ["format", "source"]);
  return argsSchema.parse({
    json: flags.json === true,
    background: flags.background === true,
    format: flags.format,
    source: flags.source,
    paths: positionals,
  });
}

void runCli(readArgs, async (args) => {
  if (args.background) return queueImports(args);
  const { importFiles } = await import("@/lib/ingest");
  const { progressLine } = await import("@/lib/ingest/progress-line");
  const live = !args.json && process.stderr.isTTY === true;
  let phaseStarted = performance.now();
  let phaseStartDone = 0;
  let phaseKey = "";
  let lastDraw = 0;
  const clear = () => live && process.stderr.write("\r\x1b[2K");
  const summary = await importFiles(args.paths, {
    format: args.format,
    sourceKey: args.source,
    onProgress: live
      ? (p) => {
          const key = `${p.index}:${p.phase}`;
          // A phase's rate counts from its first report, so work done before it does not inflate the rate.
          if (key !== phaseKey) [phaseKey, phaseStarted, phaseStartDone] = [key, performance.now(), p.done];
          const now = performance.now();
          if (now - lastDraw < 100) return;
          lastDraw = now;
          clear();
          const line = progressLine(p, (now - phaseStarted) / 1000, 24, p.done - phaseStartDone);
          process.stderr.write(line.slice(0, (process.stderr.columns ?? 120) - 1));
        }
      : undefined,
    onFile: args.json
      ? undefined
      : (f) => {
          clear();
          if ("message" in f) process.stdout.write(`✗ ${f.file}:${f.line}: ${f.message}\n`);
          else {
            process.stdout.write(
              `✓ ${f.file} (${f.format}): ${f.threads} threads, ${f.comments} comments (${f.inserted} new, ` +
                `${f.updated} updated, ${f.unchanged} unchanged), ${f.orphans} orphans, ${f.skipped} skipped, ` +
                `${f.scored} scored during import, ${f.flagged} flagged by the rules` +
                (f.unflagged ? `, ${f.unflagged} no longer flagged\n` : "\n"),
            );
            for (const o of f.orphanList.slice(0, 10)) {
              process.stdout.write(`    orphan: ${o.sourceCommentId} (line ${o.line}) names thread ${o.threadKey || "(none)"}, which is not in the file\n`);
            }
            if (f.orphans > 10) process.stdout.write(`    … and ${f.orphans - 10} more orphans\n`);
            for (const note of f.notes) process.stdout.write(`    note: ${note}\n`);
          }
        },
  });
  const { perFile: _perFile, ...totals } = summary;
  const { vacuumAfterImport, stopBoss } = await import("@/lib/jobs");
  const vacuumJob = await vacuumAfterImport(summary);
  await stopBoss();
  if (vacuumJob && !args.json) process.stdout.write(`queued job ${vacuumJob}: VACUUM (ANALYZE) of the comment tables, run by a worker (npm run worker)\n`);
  if (args.json) process.stdout.write(`${JSON.stringify(totals)}\n`);
  else {
    process.stdout.write(
      `\n${summary.files} files, ${summary.threads} threads, ${summary.comments} comments: ` +
        `${summary.inserted} new, ${summary.updated} updated, ${summary.unchanged} unchanged, ` +
        `${summary.orphans} orphans, ${summary.skipped} skipped, ${summary.flagged} flagged by the rules, ` +
        (summary.unflagged ? `${summary.unflagged} no longer flagged, ` : "") +
        `${summary.rejected.length} files rejected.\n`,
    );
  }
  return summary.rejected.length ? 2 : 0;
});

/** Queues one import job per path; a path that does not exist is refused before anything is queued. */
async function queueImports(args: z.infer<typeof argsSchema>): Promise<number> {
  const fs = await import("node:fs/promises");
  for (const file of args.paths) {
    await fs.stat(file).catch(() => {
      throw new Error(`${file}: no such file or folder`);
    });
  }
  const { enqueueImport } = await import("@/lib/jobs/imports");
  const { stopBoss } = await import("@/lib/jobs");
  const queued: { path: string; job: string }[] = [];
  const say = (q: { path: string; job: string }) => process.stdout.write(`queued import ${q.job} of ${q.path}; follow it with: npm run jobs -- ${q.job} --wait\n`);
  try {
    for (const file of args.paths) {
      const q = { path: file, job: await enqueueImport(file, { format: args.format, sourceKey: args.source }) };
      queued.push(q);
      // Said as each is queued: if a later one fails, the ones queued before it still run and are named.
      if (!args.json) say(q);
    }
  } catch (err) {
    if (args.json && queued.length) process.stdout.write(`${JSON.stringify({ queued })}\n`);
    throw err;
  } finally {
    await stopBoss();
  }
  if (args.json) process.stdout.write(`${JSON.stringify({ queued })}\n`);
  return 0;
}
