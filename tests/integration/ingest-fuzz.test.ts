import { randomBytes } from "node:crypto";
import fsp from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { createRandom } from "@/lib/demo/random";
import { buildHostileFiles } from "../support/hostile-files";
import { importAndCheck, type Outcome } from "../reliability/fuzz-check";
import { baseInputs, pickBase, specialInputs } from "../reliability/fuzz-inputs";
import { mutate } from "../reliability/fuzz-mutate";
import { payloadsMissing } from "../reliability/fuzz-payloads";

// A seeded slice of `npm run test:reliability`: same corpus, mutators and checks, in-process.
// FUZZ_SEED replays another slice; every failure message names the seed.
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
const MUTATIONS = 300;

const tmp = await fsp.mkdtemp(path.join(os.tmpdir(), "cdk-fuzz-slice-"));
let fetches = 0;
const server = http.createServer((_req, res) => {
  fetches++;
  res.end('<!ENTITY leaked "fetched">');
});
beforeAll(() => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve)));
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await fsp.rm(tmp, { recursive: true, force: true });
});

const describeOutcome = (o: Outcome) => (o.kind === "rejected" ? `rejected, line ${o.line}: ${o.message}` : o.kind === "imported" ? "imported" : `${o.kind}: ${o.detail}`);

describe(`hostile and broken imports (seed ${SEED})`, () => {
  it("stores every script-injection payload exactly as written, in all six formats", async () => {
    for (const h of buildHostileFiles()) {
      const file = path.join(tmp, h.name);
      await fsp.writeFile(file, h.content);
      const outcome = await importAndCheck(file, { sourceKey: `xss-${h.format}` });
      expect(outcome.kind, `${h.format}: ${describeOutcome(outcome)}`).toBe("imported");
      expect(await payloadsMissing(pool, `xss-${h.format}`, h), h.format).toBe(0);
    }
  });

  it("rejects oversized comments, gzip bombs, entity tricks and deep nesting without fetching or keeping anything", async () => {
    const secret = `canary-${randomBytes(8).toString("hex")}`;
    const canaryFile = path.join(tmp, "canary.txt");
    await fsp.writeFile(canaryFile, secret);
    const { port } = server.address() as { port: number };
    const specials = specialInputs({ bigMb: 5, bombMb: 100, canaryFile, canaryUrl: `http://127.0.0.1:${port}` })
      // Unpacking the XML bomb to its 64 MB limit takes seconds; the CSV bomb proves the same limit.
      .filter((s) => s.name !== "bomb.xml.gz");
    const wrong: string[] = [];
    for (const special of specials) {
      const file = path.join(tmp, special.name);
      await special.write(file);
      const outcome = await importAndCheck(file);
      if (outcome.kind !== "rejected" && !(outcome.kind === "imported" && special.mayImport)) wrong.push(`${special.what}: ${describeOutcome(outcome)}`);
      await fsp.rm(file);
    }
    expect(wrong).toEqual([]);
    expect(fetches).toBe(0);
    const { rows } = await pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM comment WHERE strpos(body, $1) > 0 OR strpos(coalesce(body_html, ''), $1) > 0",
      [secret],
    );
    expect(rows[0]!.n).toBe(0);
  });

  it("records a rejection that quotes a NUL or half a surrogate pair from the file", async () => {
    // Postgres jsonb takes neither: the run log must still say why the file was refused.
    const file = path.join(tmp, "quoted.jsonl");
    await fsp.writeFile(file, '{"sourceId":"c1","thread":{"key":"k"},"postedAt":"\\ud83d\\u0000","body":"x"}\n');
    const outcome = await importAndCheck(file);
    expect(outcome).toMatchObject({ kind: "rejected", line: 1 });
    const { rows } = await pool.query<{ errors: { message: string }[] }>("SELECT errors FROM import_run ORDER BY id DESC LIMIT 1");
    expect(rows[0]!.errors[0]!.message).toBe('postedAt "\uFFFD\uFFFD" is not an ISO 8601 time with a zone (e.g. 2024-05-01T10:00:00Z)');
  });

  it(`imports or cleanly rejects ${MUTATIONS} mutated fixtures, leaving no partial data`, { timeout: 180_000 }, async () => {
    const bases = await baseInputs();
    const random = createRandom(SEED);
    const findings: string[] = [];
    const kinds = { imported: 0, rejected: 0 };
    for (let k = 0; k < MUTATIONS; k++) {
      const base = pickBase(bases, random);
      const { bytes, steps } = mutate(base.bytes, random);
      const file = path.join(tmp, `m${k}-${base.name}`);
      await fsp.writeFile(file, bytes);
      const outcome = await importAndCheck(file);
      if (outcome.kind === "imported" || outcome.kind === "rejected") kinds[outcome.kind]++;
      else findings.push(`seed ${SEED}, mutation ${k} of ${base.name} (${steps.join(", ")}): ${describeOutcome(outcome)}`);
      await fsp.rm(file);
    }
    expect(findings, `seed ${SEED}`).toEqual([]);
    // Both paths must be exercised, or the slice proves nothing.
    expect(kinds.imported, `seed ${SEED}`).toBeGreaterThan(MUTATIONS / 20);
    expect(kinds.rejected, `seed ${SEED}`).toBeGreaterThan(MUTATIONS / 4);
  });
});
