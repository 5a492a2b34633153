/**
 * Import fuzzing against a throwaway embedded PostgreSQL: the script-injection corpus in
 * all six formats, hand-built attacks (100 MB comments, gzip bombs, entity expansion,
 * external entities, deep nesting) and thousands of seeded mutations of the fixtures.
 * Every file must import or be rejected with file, line and reason, leaving no rows
 * behind, within the time limit and the importer's memory ceiling.
 *   node --import tsx tests/reliability/fuzz-imports.ts [--mutations 3000] [--seed N] [--only K]
 *     [--big-mb 100] [--bomb-mb 1024] [--timeout 60] [--heap-mb 1536]
 */
import { randomBytes } from "node:crypto";
import fsp from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { z } from "zod";
import { createRandom } from "@/lib/demo/random";
import { startEmbeddedPostgres } from "@/lib/runtime/embedded-postgres";
import { migrateDatabase } from "@/lib/runtime/migrate";
import { freePort } from "../support/free-port";
import { PROJECT_ROOT } from "../support/paths";
import { buildHostileFiles } from "../support/hostile-files";
import { baseInputs, pickBase, specialInputs } from "./fuzz-inputs";
import { mutate } from "./fuzz-mutate";
import { ImportWorker, type Verdict } from "./fuzz-worker-pool";
import { count, newTally, printFuzzSummary, reasonKind, type Finding, type Tally } from "./fuzz-report";
import { payloadsMissing } from "./fuzz-payloads";
import { optionsOrExit } from "./options";

const argsSchema = z.object({
  mutations: z.coerce.number().int().min(0).max(1_000_000).default(3000),
  seed: z.coerce.number().int().min(0).max(2 ** 32 - 1).default(() => randomBytes(4).readUInt32LE()),
  only: z.coerce.number().int().min(0).optional(),
  "big-mb": z.coerce.number().int().min(1).max(2048).default(100),
  "bomb-mb": z.coerce.number().int().min(1).max(65_536).default(1024),
  timeout: z.coerce.number().min(1).max(3600).default(60),
  "heap-mb": z.coerce.number().int().min(128).max(16_384).default(1536),
});
export type FuzzArgs = z.infer<typeof argsSchema>;

/** Where files that produced a finding are kept for replay (git-ignored). */
const FINDINGS_DIR = path.join(PROJECT_ROOT, ".data", "fuzz-findings");

/** A local HTTP server that counts requests: an importer that resolved an external entity would call it. */
async function canaryServer(): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server = http.createServer((_req, res) => {
    hits++;
    res.end('<!ENTITY leaked "fetched">');
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${port}`, hits: () => hits, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export async function runImportFuzz(args: FuzzArgs, log: (line: string) => void) {
  const started = performance.now();
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "cdk-fuzz-"));
  const database = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: await freePort(), database: "fuzz", ephemeral: true });
  const canary = await canaryServer();
  const secret = `canary-${randomBytes(12).toString("hex")}`;
  const canaryFile = path.join(dir, "canary.txt");
  await fsp.writeFile(canaryFile, secret);
  const worker = new ImportWorker({ databaseUrl: database.url, heapMb: args["heap-mb"] });
  const client = new pg.Client({ connectionString: database.url });
  const found: Finding[] = [];
  const tallies: Tally[] = [];
  const timeoutMs = args.timeout * 1000;
  let payloadsTried = 0;
  let payloadsAltered = 0;
  const reasons = new Map<string, { n: number; example: string }>();
  let peakFile = "";

  const judge = async (tally: Tally, file: string, label: string, options: { sourceKey?: string; mustReject?: boolean } = {}): Promise<Verdict> => {
    const peakBefore = worker.peakRssMb;
    const verdict = await worker.run(file, timeoutMs, options.sourceKey);
    if (worker.peakRssMb > peakBefore) peakFile = label;
    const finding = count(tally, verdict) || (options.mustReject === true && verdict.kind === "imported");
    if (verdict.kind === "rejected") {
      const kind = reasonKind(verdict.message);
      const seen = reasons.get(kind);
      if (seen) seen.n++;
      else reasons.set(kind, { n: 1, example: `line ${verdict.line}: ${verdict.message}` });
    }
    if (finding) {
      await fsp.mkdir(FINDINGS_DIR, { recursive: true });
      const savedAs = path.join(FINDINGS_DIR, `${args.seed}-${path.basename(file)}`);
      await fsp.copyFile(file, savedAs);
      found.push({ part: tally.part, label, verdict, savedAs });
      log(`  finding: ${label}: ${verdict.kind} ${"detail" in verdict ? verdict.detail : ""}`);
    }
    return verdict;
  };

  try {
    await migrateDatabase(database.url);
    await client.connect();

    const xss = newTally("script-injection payloads, 6 formats");
    tallies.push(xss);
    for (const h of buildHostileFiles()) {
      const file = path.join(dir, h.name);
      await fsp.writeFile(file, h.content);
      const verdict = await judge(xss, file, `payload corpus as ${h.format}`, { sourceKey: `xss-${h.format}` });
      const tried = h.expected.length + h.rawHtml.length;
      payloadsTried += tried;
      payloadsAltered += verdict.kind === "imported" ? await payloadsMissing(client, `xss-${h.format}`, h) : tried;
      await fsp.rm(file);
    }
    log(`payload corpus: ${payloadsTried} payloads, ${payloadsAltered} stored other than written`);

    const attacks = newTally("hand-built attacks");
    tallies.push(attacks);
    for (const special of specialInputs({ bigMb: args["big-mb"], bombMb: args["bomb-mb"], canaryFile, canaryUrl: canary.url })) {
      const file = path.join(dir, special.name);
      await special.write(file);
      const verdict = await judge(attacks, file, special.what, { mustReject: !special.mayImport });
      log(`  ${special.what}: ${verdict.kind} in ${verdict.ms} ms${verdict.kind === "rejected" ? ` (line ${verdict.line}: ${verdict.message.slice(0, 120)})` : ""}`);
      await fsp.rm(file);
    }

    const mutations = newTally(`mutated fixtures (seed ${args.seed})`);
    tallies.push(mutations);
    const bases = await baseInputs();
    const random = createRandom(args.seed);
    for (let k = 0; k < args.mutations; k++) {
      const base = pickBase(bases, random);
      const { bytes, steps } = mutate(base.bytes, random);
      if (args.only !== undefined && k !== args.only) continue;
      const file = path.join(dir, `m${k}-${base.name}${steps.at(-1)?.startsWith("gzip") ? ".gz" : ""}`);
      await fsp.writeFile(file, bytes);
      await judge(mutations, file, `mutation ${k} of ${base.name}: ${steps.join(", ")}`);
      await fsp.rm(file);
      if ((k + 1) % 250 === 0) log(`  ${k + 1} mutations: ${mutations.imported} imported, ${mutations.rejected} rejected, ${found.length} findings`);
    }

    const { rows } = await client.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM comment WHERE strpos(body, $1) > 0 OR strpos(coalesce(body_html, ''), $1) > 0 OR strpos(author_name, $1) > 0)
            + (SELECT count(*) FROM thread WHERE strpos(title, $1) > 0) AS n`,
      [secret],
    );
    const extra = {
      payloadsTried,
      payloadsAltered,
      entityFetches: canary.hits(),
      canaryLeaks: Number(rows[0]!.n),
      seconds: (performance.now() - started) / 1000,
      peakRssMb: worker.peakRssMb,
      reasons,
      peakFile,
    };
    return { tallies, found, extra };
  } finally {
    await worker.close();
    await client.end().catch(() => {});
    await canary.close();
    await database.stop();
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = optionsOrExit(argsSchema);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(`import fuzzing, seed ${args.seed}: ${args.mutations} mutations, ${args["big-mb"]} MB comments, ${args["bomb-mb"]} MB gzip bombs`);
  const { tallies, found, extra } = await runImportFuzz(args, log);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  printFuzzSummary(tallies, extra, out);
  const failed = found.length + extra.payloadsAltered + extra.entityFetches + extra.canaryLeaks;
  if (failed) {
    out(`\n${failed} findings with seed ${args.seed}; replay with: node --import tsx tests/reliability/fuzz-imports.ts --seed ${args.seed} --mutations ${args.mutations} [--only K]`);
    for (const f of found) out(`  ${f.label}: ${f.verdict.kind}${"detail" in f.verdict ? `: ${f.verdict.detail}` : ""} (kept as ${f.savedAs})`);
  }
  process.exit(failed ? 1 : 0);
}
