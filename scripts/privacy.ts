/**
 * npm run privacy -- erase-commenter --id COMMENTER_ID
 * Removes a commenter's name, email, IP address and comment texts (see README, "Personal data").
 */
import { z } from "zod";
import { parseArgs, runCli } from "@/lib/runtime/cli";

function readArgs() {
  const { flags, positionals } = parseArgs(process.argv.slice(2), [], ["id"]);
  if (positionals.length !== 1 || positionals[0] !== "erase-commenter") throw new Error("usage: npm run privacy -- erase-commenter --id COMMENTER_ID");
  return z.object({ id: z.coerce.number().int().positive() }).parse(flags);
}

void runCli(readArgs, async ({ id }) => {
  const { eraseCommenter } = await import("@/lib/privacy/erase-commenter");
  const { comments } = await eraseCommenter(id);
  // Report files already written hold the data too. Those read before the erasure are no longer offered
  // wherever they lie (it recorded its time); the ones in this machine's EXPORT_DIR go now, a tidy-up.
  const { removeExportFiles } = await import("@/lib/reports/export-dir");
  const files = await removeExportFiles();
  await (await import("@/lib/activity")).recordCliActivity("erased a commenter", `commenter ${id}`, { comments, exportFilesRemoved: files });
  process.stdout.write(
    `erased commenter ${id}: name, email, IP and ${comments} comment texts removed; ${files} background export file${files === 1 ? "" : "s"} deleted\n`,
  );
  return 0;
});
