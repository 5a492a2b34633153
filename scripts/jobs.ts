/**
 * npm run jobs -- RUN_ID [--wait]
 * Shows the progress of background work (a rescore run); --wait follows it to the end.
 */
import { parseArgs, runCli } from "@/lib/runtime/cli";

void runCli(async () => {
  const { flags, positionals } = parseArgs(process.argv.slice(2), ["wait"]);
  const id = positionals[0];
  if (!id) {
    process.stderr.write("usage: npm run jobs -- RUN_ID [--wait]\n");
    return 1;
  }
  const { getProgress } = await import("@/lib/jobs/progress");
  for (;;) {
    const p = await getProgress(id);
    if (!p) throw new Error(`no background run ${id}`);
    const share = p.total ? Math.round((p.done / p.total) * 100) : 100;
    process.stdout.write(`${p.kind} ${p.id}: ${p.state}, ${p.done.toLocaleString("en")} / ${p.total.toLocaleString("en")} (${share}%)\n`);
    if (!flags.wait || p.state === "done" || p.state === "failed") return p.state === "failed" ? 1 : 0;
    await new Promise((r) => setTimeout(r, 2000));
  }
});
