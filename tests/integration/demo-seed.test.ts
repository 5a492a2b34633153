import { describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db";
import { demoSeedDue, ensureDemoUsers, seedDemoData } from "@/lib/demo/seed";
import { planDemo } from "@/lib/demo/generate";

const OPTIONS = { comments: 400, seed: 11 };

/** Makes the database refuse rows matching `when` (a disk filling up, say) until the returned undo runs. */
async function refuse(table: "comment" | "decision", when: string): Promise<() => Promise<void>> {
  await pool.query(`CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF ${when} THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$`);
  await pool.query(`CREATE TRIGGER test_refuse BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION test_refuse()`);
  return async () => {
    await pool.query(`DROP TRIGGER test_refuse ON ${table}`);
    await pool.query("DROP FUNCTION test_refuse()");
  };
}

const decisions = async () =>
  Object.fromEntries((await db.decision.groupBy({ by: ["action"], where: { via: "demo" }, _count: true })).map((g) => [g.action, g._count]));

describe("demo data cut short", () => {
  it("is finished by the next start, as one whole run leaves it; a database with its own comments is left alone", async () => {
    await ensureDemoUsers();
    expect(await demoSeedDue()).toBe("empty");
    const second = planDemo(OPTIONS).sources[1]!.source.key;

    // The second source's comments are refused: the first is stored, the rest not.
    let undo = await refuse("comment", `NEW.source_id = (SELECT id FROM source WHERE key = '${second}')`);
    await expect(seedDemoData(OPTIONS)).rejects.toThrow();
    await undo();
    expect(await demoSeedDue()).toBe("interrupted");
    expect(await decisions()).toEqual({});

    // Then the approvals are refused, after the rejections went in.
    undo = await refuse("decision", "NEW.action = 'approve'");
    await expect(seedDemoData(OPTIONS)).rejects.toThrow();
    await undo();
    expect(await demoSeedDue()).toBe("interrupted");
    expect(await decisions()).toEqual({ reject: 10 });

    const stored = (await pool.query<{ id: number; at: Date }>("SELECT id, posted_at AS at FROM comment ORDER BY id")).rows;
    const finished = await seedDemoData(OPTIONS);
    // The comments stored before are the same comments: same times, not rewritten from a later end date.
    const after = new Map((await pool.query<{ id: number; at: Date }>("SELECT id, posted_at AS at FROM comment")).rows.map((r) => [r.id, r.at.getTime()]));
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((r) => after.get(r.id) === r.at.getTime())).toBe(true);
    expect(await demoSeedDue()).toBeNull();
    const plan = planDemo(OPTIONS);
    expect(await db.comment.count()).toBe(finished.comments);
    expect(finished.comments).toBeGreaterThan(0);
    expect(await db.thread.count()).toBe(plan.sources.reduce((n, s) => n + s.threads.length, 0));
    // Each kind of decision made once, as in a run never cut short.
    expect(await decisions()).toEqual({ reject: 10, approve: 10 });

    // Comments and no mark: a newsroom's own data, or demo data seeded before the mark existed.
    await db.setting.delete({ where: { key: "demo.seed" } });
    expect(await demoSeedDue()).toBeNull();
  });
});
