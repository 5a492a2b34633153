/**
 * npm run export -- --format csv|jsonl|pdf [--bom] [--out FILE]
 *   [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--source KEY,…] [--thread ID,…] [--status S,…]
 *   [--source-status S,…] [--section NAME] [--kind comment|pingback|trackback,…]
 *   [--attribute NAME,…] [--model NAME@VERSION]
 * Streams the comments matching the filters (or the PDF summary) to FILE or standard output.
 * With --background (instead of --out) the export is queued for `npm run worker`s, which
 * write it to EXPORT_DIR; the job id is printed, for `npm run jobs -- ID --wait`.
 */
import fs from "node:fs";
import { once } from "node:events";
import { parseArgs, runCli } from "@/lib/runtime/cli";

const FLAGS: Record<string, string> = {
  format: "format", from: "from", to: "to", source: "source", thread: "thread", status: "status",
  "source-status": "sourceStatus", section: "section", kind: "kind", attribute: "attribute", model: "model",
};

void runCli(async () => {
  const { flags, positionals } = parseArgs(process.argv.slice(2), ["bom", "background"], [...Object.keys(FLAGS), "out"]);
  if (positionals.length) throw new Error(`unexpected argument ${positionals.join(" ")} (every value follows its option, e.g. --format csv)`);
  const search = new URLSearchParams();
  for (const [flag, param] of Object.entries(FLAGS)) if (typeof flags[flag] === "string") search.set(param, flags[flag] as string);
  if (flags.bom === true) search.set("bom", "1");
  const out = typeof flags.out === "string" ? flags.out : undefined;

  const { exportChunks, renderPdfReport, reportRequestFromSearch } = await import("@/lib/reports");
  const request = reportRequestFromSearch(search);
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
  // Written beside the target and renamed when whole: a query failing midway must not leave a file
  // cut at a row boundary, which would look complete.
  const partial = out ? `${out}.part` : null;
  const target = partial ? fs.createWriteStream(partial) : process.stdout;
  let pieces = 0;
  try {
    for await (const chunk of chunks) {
      pieces++;
      if (!target.write(chunk)) await once(target, "drain");
    }
    if (partial && out) {
      await new Promise<void>((resolve, reject) => (target as fs.WriteStream).end((err?: Error | null) => (err ? reject(err) : resolve())));
      await fs.promises.rename(partial, out);
      const what = request.format === "pdf" ? "the PDF report" : `${request.format === "csv" ? pieces - 1 : pieces} comments`;
      process.stderr.write(`wrote ${what} to ${out}\n`);
    }
  } catch (err) {
    if (partial) {
      (target as fs.WriteStream).destroy();
      await fs.promises.rm(partial, { force: true });
    }
    throw err;
  }
  return 0;
});
