/**
 * npm run jobs -- RUN_ID [--wait]
 * Shows the progress of background work (a rescore run, a report export, an import); --wait follows it
 * to the end. A finished export names its file, a finished import what it stored or why a file was refused.
 */
import { parseArgs, runCli } from "@/lib/runtime/cli";

function readArgs() {
  const { flags, positionals } = parseArgs(process.argv.slice(2), ["wait"], []);
  if (positionals.length !== 1) throw new Error("usage: npm run jobs -- RUN_ID [--wait]");
  return { id: positionals[0]!, flags };
}

void runCli(readArgs, async ({ id, flags }) => {
  const { followRun } = await import("@/lib/jobs/follow");
  const { describeExportRun } = await import("@/lib/reports/export-jobs");
  const { EXPORT_JOB_KIND } = await import("@/lib/reports/export-file");
  for (;;) {
    let p = await followRun(id);
    if (!p) throw new Error(`no background run ${id}`);
    // An export's state is its job's: a worker that died on the last try leaves no progress update behind.
    const exported = p.kind === EXPORT_JOB_KIND ? await describeExportRun(id) : null;
    if (exported) p = { ...p, ...exported.progress };
    const share = p.total ? Math.round((p.done / p.total) * 100) : p.state === "done" ? 100 : 0;
    // A total not known yet (an import reading its file) is no 0 %: the count so far says more.
    const figures = p.total || p.state !== "running" ? `${p.done.toLocaleString("en")} / ${p.total.toLocaleString("en")} (${share}%)` : `${p.done.toLocaleString("en")} so far`;
    process.stdout.write(`${p.kind} ${p.id}: ${p.state}, ${figures}\n`);
    if (exported?.note) process.stdout.write(`  ${exported.note}\n`);
    // While it runs, the message says what it is doing (an import's phase and file); at the end, what became of it.
    else if (p.message) process.stdout.write(`  ${p.message}\n`);
    if (!flags.wait || p.state === "done" || p.state === "failed") return p.state === "failed" ? 1 : 0;
    await new Promise((r) => setTimeout(r, 2000));
  }
});
