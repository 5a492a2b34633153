/**
 * npm run export -- --format jsonl|csv [--bom] [--out FILE]
 * Streams every comment to FILE (or standard output).
 */
import fs from "node:fs";
import { once } from "node:events";
import { z } from "zod";
import { parseArgs, runCli } from "@/lib/runtime/cli";

const argsSchema = z.object({ format: z.enum(["csv", "jsonl"]), bom: z.boolean(), out: z.string().optional() });

void runCli(async () => {
  const { flags } = parseArgs(process.argv.slice(2), ["bom"]);
  const args = argsSchema.parse({ format: flags.format, bom: flags.bom === true, out: flags.out });
  const { exportChunks } = await import("@/lib/reports");
  const target = args.out ? fs.createWriteStream(args.out) : process.stdout;
  let rows = 0;
  for await (const chunk of exportChunks({ format: args.format, bom: args.bom }, { userId: null, via: "cli" })) {
    rows++;
    if (!target.write(chunk)) await once(target, "drain");
  }
  if (args.out) {
    await new Promise<void>((resolve, reject) => (target as fs.WriteStream).end((err?: Error | null) => (err ? reject(err) : resolve())));
    process.stderr.write(`wrote ${args.format === "csv" ? rows - 1 : rows} comments to ${args.out}\n`);
  }
  return 0;
});
