/**
 * Every reliability proof in one run, ending in one table: import fuzzing against a
 * throwaway PostgreSQL, then the fault and load proofs against a running stack.
 *   npm run test:reliability                 full settings (about 15 minutes on 2 cores)
 *   npm run test:reliability -- --quick      a small slice of each part, fixed seed (about a minute; part of npm test)
 * Any flag of fuzz-imports.ts (but --only) or system.ts may be given to override the preset;
 * any other is refused.
 * Exit status 1 when any loss was found.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { optionsOrExit } from "./options";
import { runImportFuzz } from "./fuzz-imports";
import { printFuzzSummary } from "./fuzz-report";
import { runSystemProofs } from "./system";
import { combinedRows, printCombined } from "./combined";

const FULL = { mutations: 3000, "big-mb": 100, "bomb-mb": 1024, sessions: 50, seconds: 60, rounds: 5, comments: 5000 };
const QUICK = { mutations: 150, "big-mb": 8, "bomb-mb": 64, sessions: 10, seconds: 9, rounds: 2, comments: 1000 };

const argsSchema = z.object({
  quick: z.boolean().default(false),
  seed: z.coerce.number().int().min(0).max(2 ** 32 - 1).optional(),
  mutations: z.coerce.number().int().min(0).max(1_000_000).optional(),
  "big-mb": z.coerce.number().int().min(1).max(2048).optional(),
  "bomb-mb": z.coerce.number().int().min(1).max(65_536).optional(),
  timeout: z.coerce.number().min(1).max(3600).default(60),
  "heap-mb": z.coerce.number().int().min(128).max(16_384).default(1536),
  sessions: z.coerce.number().int().min(1).max(500).optional(),
  seconds: z.coerce.number().min(3).max(3600).optional(),
  rounds: z.coerce.number().int().min(1).max(100).optional(),
  comments: z.coerce.number().int().min(500).max(1_000_000).optional(),
});

const args = optionsOrExit(argsSchema, ["quick"]);
const preset = args.quick ? QUICK : FULL;
// The quick slice runs inside npm test, so it replays the same mutations every time; full runs explore new ones.
const seed = args.seed ?? (args.quick ? 20261123 : randomBytes(4).readUInt32LE());
const pick = <K extends keyof typeof FULL>(k: K): number => args[k] ?? preset[k];
const log = (line: string) => process.stderr.write(`${line}\n`);
const out = (line: string) => process.stdout.write(`${line}\n`);

try {
  log(`import fuzzing, seed ${seed}: ${pick("mutations")} mutations, ${pick("big-mb")} MB comments, ${pick("bomb-mb")} MB gzip bombs`);
  const fuzz = await runImportFuzz(
    { seed: seed, mutations: pick("mutations"), only: undefined, "big-mb": pick("big-mb"), "bomb-mb": pick("bomb-mb"), timeout: args.timeout, "heap-mb": args["heap-mb"] },
    log,
  );
  const system = await runSystemProofs({ sessions: pick("sessions"), seconds: pick("seconds"), rounds: pick("rounds"), comments: pick("comments") }, log);

  out("import fuzzing");
  printFuzzSummary(fuzz.tallies, fuzz.extra, out);
  out("");
  const losses = printCombined(combinedRows(fuzz, system), out);
  for (const p of system) for (const n of p.notes) out(`  ${p.part}: ${n}`);
  if (losses) {
    out(`\n${losses} losses; replay the fuzzing part with: node --import tsx tests/reliability/fuzz-imports.ts --seed ${seed} --mutations ${pick("mutations")} [--only K]`);
    for (const f of fuzz.found) out(`  ${f.label}: ${f.verdict.kind}${"detail" in f.verdict ? `: ${f.verdict.detail}` : ""} (kept as ${f.savedAs})`);
  }
  process.exit(losses ? 1 : 0);
} catch (err) {
  log(`error: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
}
