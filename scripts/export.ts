/**
 * npm run export -- --format csv|jsonl|pdf [--bom] [--out FILE]
 *   [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--source KEY,…] [--thread ID,…] [--status S,…]
 *   [--source-status S,…] [--section NAME] [--kind comment|pingback|trackback,…]
 *   [--attribute NAME,…] [--model NAME@VERSION]
 * Streams the comments matching the filters (or the PDF summary) to FILE or standard output.
 * With --background (instead of --out) the export is queued for `npm run worker`s, which
 * write it to EXPORT_DIR; the job id is printed, for `npm run jobs -- ID --wait`.
 * To standard output, run it as `npm run -s export …`: without -s, npm prints its own banner there first.
 * A reader that stops early (`| head`) ends it with exit code 1 and one line on standard error.
 */
import fs from "node:fs";
import path from "node:path";
import { once } from "node:events";
import { asOptions, parseOptions, runCli } from "@/lib/runtime/cli";

const FLAGS: Record<string, string> = {
  format: "format", from: "from", to: "to", source: "source", thread: "thread", status: "status",
  "source-status": "sourceStatus", section: "section", kind: "kind", attribute: "attribute", model: "model",
};

/** The options, and where the file goes, checked before any database is reached. */
function readArgs() {
  const flags = parseOptions(process.argv.slice(2), ["bom", "background"], [...Object.keys(FLAGS), "out"]);
  const search = new URLSearchParams();
  for (const [flag, param] of Object.entries(FLAGS)) if (typeof flags[flag] === "string") search.set(param, flags[flag] as string);
  if (flags.bom === true) search.set("bom", "1");
  if (flags.out === "") throw new Error("--out needs a file name (leave it out to write to standard output)");
  const out = typeof flags.out === "string" ? flags.out : undefined;
  if (out) checkOut(out);
  return { flags, search, out };
}

/** A file can be written there: its folder exists and it is not itself a folder (found before the export runs, not at its end). */
function checkOut(out: string): void {
  if (fs.statSync(out, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`--out ${out} is a folder: name a file in it`);
  const folder = path.dirname(path.resolve(out));
  if (!fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`--out ${out}: the folder ${folder} does not exist`);
}

void runCli(readArgs, async ({ flags, search, out }) => {
  const { exportChunks, renderPdfReport, reportRequestFromSearch } = await import("@/lib/reports");
  const request = asOptions(() => reportRequestFromSearch(search), Object.fromEntries(Object.entries(FLAGS).map(([flag, param]) => [param, flag])));
  if (flags.background === true) {
    // The worker that runs it may be on another machine: the file lands in EXPORT_DIR, not where --out would say.
    if (out) throw new Error("--out cannot be used with --background (the file is written to EXPORT_DIR)");
    const { enqueueReportExport } = await import("@/lib/reports");
    const { stopBoss } = await import("@/lib/jobs");
    const job = await enqueueReportExport(request, { userId: null, via: "cli" });
    await stopBoss();
    process.stdout.write(`queued ${request.format} export ${job.id}; follow it with: npm run jobs -- ${job.id} --wait\n`);
    return 0;
  }
  const audit = { userId: null, via: "cli" as const };
  const chunks = request.format === "pdf" ? renderPdfReport(request, { ...audit, who: "the command line" }) : exportChunks(request, audit);
  if (!out) {
    await writeAll(chunks, process.stdout, stdoutError);
    return 0;
  }
  // Written beside the target and renamed when whole: a query failing midway must not leave a file
  // cut at a row boundary, which would look complete.
  const partial = `${out}.part`;
  const target = fs.createWriteStream(partial);
  try {
    const pieces = await writeAll(chunks, target);
    await new Promise<void>((resolve, reject) => target.end((err?: Error | null) => (err ? reject(err) : resolve())));
    await fs.promises.rename(partial, out);
    const what = request.format === "pdf" ? "the PDF report" : `${request.format === "csv" ? pieces - 1 : pieces} comments`;
    process.stderr.write(`wrote ${what} to ${out}\n`);
  } catch (err) {
    target.destroy();
    await fs.promises.rm(partial, { force: true });
    throw err;
  }
  return 0;
});

/**
 * Writes the chunks to `target`, waiting for room as it goes; returns how many there were. An error
 * of the target (EPIPE when the reader of standard output stopped early, as `| head` does; a full
 * disk) ends the export with that error: heard by a listener of our own, it cannot arrive between
 * two writes as an unhandled 'error' event, which would end the process with a stack trace.
 * Stopping the loop ends the report's generator, whose run is then recorded as cancelled.
 */
async function writeAll(chunks: AsyncIterable<string | Uint8Array>, target: NodeJS.WritableStream, described = (err: Error) => err): Promise<number> {
  let failure: Error | undefined;
  const failed = new Promise<never>((_, reject) => target.on("error", (err: Error) => reject((failure ??= err))));
  failed.catch(() => {});
  let pieces = 0;
  try {
    for await (const chunk of chunks) {
      if (failure) throw failure;
      pieces++;
      if (!target.write(chunk)) await Promise.race([once(target, "drain"), failed]);
    }
    // The last writes may still be on their way: their outcome is the export's.
    await Promise.race([new Promise<void>((resolve) => target.write("", () => resolve())), failed]);
    if (failure) throw failure;
  } catch (err) {
    // The target's own error, told in the caller's words; the report's (a query) as it is.
    throw failure && err === failure ? described(failure) : err;
  }
  return pieces;
}

/** Standard output failing is its reader's doing, not the export's: said as such. */
function stdoutError(err: NodeJS.ErrnoException): Error {
  if (err.code === "EPIPE") return new Error("standard output was closed before the export ended (EPIPE)");
  return new Error(`standard output could not be written (${err.code ?? err.message})`);
}
