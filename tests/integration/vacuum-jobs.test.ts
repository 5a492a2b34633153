import { afterAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { getBoss, stopBoss, vacuumAfterImport } from "@/lib/jobs";
import { handlers } from "@/lib/jobs/handlers";
import { seedScored } from "../support/moderation-fixture";

afterAll(async () => {
  await stopBoss();
});

async function vacuumedAt(): Promise<Record<string, { vacuum: Date | null; analyze: Date | null }>> {
  const { rows } = await pool.query<{ relname: string; last_vacuum: Date | null; last_analyze: Date | null }>(
    "SELECT relname, last_vacuum, last_analyze FROM pg_stat_user_tables WHERE relname IN ('comment', 'score')",
  );
  return Object.fromEntries(rows.map((r) => [r.relname, { vacuum: r.last_vacuum, analyze: r.last_analyze }]));
}

describe("vacuum after a large import", () => {
  it("is queued once from 50,000 changed comments, vacuums and analyses the comment tables, then can be queued again", async () => {
    await seedScored("vacuum", [{ id: "vac-1", incivility: 0.9 }]);
    expect(await vacuumAfterImport({ inserted: 49_000, updated: 999 })).toBeNull();
    const first = await vacuumAfterImport({ inserted: 40_000, updated: 10_000 });
    expect(first).toEqual(expect.any(String));
    // Another import finishing while that job waits shares it.
    expect(await vacuumAfterImport({ inserted: 80_000, updated: 0 })).toBeNull();

    const boss = await getBoss();
    const [job] = await boss.fetch("vacuum-tables");
    expect(job?.id).toBe(first);
    const before = Date.now();
    const output = await handlers["vacuum-tables"]();
    await boss.complete("vacuum-tables", job!.id, output);
    expect(output.tables).toEqual(["comment", "score"]);
    // The statistics collector reports a table's vacuum shortly after it ends.
    const deadline = Date.now() + 10_000;
    let stats = await vacuumedAt();
    while (Date.now() < deadline && !(["comment", "score"] as const).every((t) => (stats[t]?.vacuum?.getTime() ?? 0) >= before - 1000)) {
      await new Promise((r) => setTimeout(r, 100));
      stats = await vacuumedAt();
    }
    for (const table of ["comment", "score"]) {
      expect(stats[table]!.vacuum!.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(stats[table]!.analyze!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    }
    expect(await vacuumAfterImport({ inserted: 60_000, updated: 0 })).toEqual(expect.any(String));
  });
});
