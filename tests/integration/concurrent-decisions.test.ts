import { describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { createUser } from "@/lib/auth/users";
import { decideBulk, decideComment } from "@/lib/moderation";
import { ConflictError } from "@/lib/errors";
import { seedScored } from "../support/moderation-fixture";

const N = 1000;

describe("two moderators and an API client deciding the same 1,000 comments at once", () => {
  it("applies exactly one decision per comment, loses no update and logs one entry per applied decision", async () => {
    const ana = (await createUser({ email: "ana@test.local", role: "moderator", password: "long-enough-pw" })).user;
    const bo = (await createUser({ email: "bo@test.local", role: "moderator", password: "long-enough-pw" })).user;
    const api = (await createUser({ email: "api@test.local", role: "moderator", password: "long-enough-pw" })).user;
    const ids = await seedScored("race-1000", Array.from({ length: N }, (_, i) => ({ id: `r${i}`, incivility: 0.9 })), { source: "race-site" });
    const { rows: loaded } = await pool.query<{ id: number; mod_version: number }>(
      "SELECT id, mod_version FROM comment WHERE id = ANY($1::int[]) ORDER BY id",
      [[...ids.values()]],
    );
    // Everyone works from the same loaded page (the same versions), each with several
    // requests in flight: Ana from the top, the API client from the bottom, Bo in bulk
    // chunks from the middle outwards.
    const single = (userId: number, via: string, action: "approve" | "escalate", order: typeof loaded, lanes: number) =>
      Promise.all(
        Array.from({ length: lanes }, async (_, lane) => {
          let conflicts = 0;
          for (let i = lane; i < order.length; i += lanes) {
            const c = order[i]!;
            try {
              await decideComment(c.id, { action, expectedVersion: c.mod_version }, { userId, via });
            } catch (err) {
              if (!(err instanceof ConflictError)) throw err;
              conflicts++;
            }
          }
          return conflicts;
        }),
      ).then((counts) => counts.reduce((a, b) => a + b, 0));
    const middleOut = [...loaded].sort((a, b) => Math.abs(a.id - loaded[N / 2]!.id) - Math.abs(b.id - loaded[N / 2]!.id));
    const bulk$ = (async () => {
      let applied = 0;
      const conflicts: number[] = [];
      for (let i = 0; i < N; i += 50) {
        const chunk = middleOut.slice(i, i + 50).map((c) => ({ id: c.id, modVersion: c.mod_version }));
        const result = await decideBulk({ action: "reject", reason: "insult", items: chunk }, { userId: bo.id });
        applied += result.applied;
        conflicts.push(...result.conflicts);
      }
      return { applied, conflicts };
    })();
    const [anaConflicts, bulk, apiConflicts] = await Promise.all([
      single(ana.id, "ui", "approve", loaded, 4),
      bulk$,
      single(api.id, "api", "escalate", [...loaded].reverse(), 4),
    ]);

    const { rows } = await pool.query<{ id: number; mod_status: string; mod_version: number; applied: number; refused: number; last_status: string | null }>(
      `SELECT c.id, c.mod_status, c.mod_version,
              count(d.*) FILTER (WHERE d.applied AND d.user_id IS NOT NULL)::int AS applied,
              count(d.*) FILTER (WHERE NOT d.applied)::int AS refused,
              (SELECT d2.new_status FROM decision d2 WHERE d2.comment_id = c.id AND d2.applied ORDER BY d2.id DESC LIMIT 1) AS last_status
       FROM comment c LEFT JOIN decision d ON d.comment_id = c.id
       WHERE c.id = ANY($1::int[]) GROUP BY c.id`,
      [[...ids.values()]],
    );
    const before = new Map(loaded.map((c) => [c.id, c.mod_version]));
    expect(rows).toHaveLength(N);
    for (const r of rows) {
      // One winner per comment; the version moved exactly once; the state is the winner's.
      expect(r.applied, `comment ${r.id}`).toBe(1);
      expect(r.mod_version, `comment ${r.id}`).toBe(before.get(r.id)! + 1);
      expect(r.mod_status, `comment ${r.id}`).toBe(r.last_status);
    }
    const wins = { approved: 0, rejected: 0, escalated: 0 } as Record<string, number>;
    for (const r of rows) wins[r.mod_status] = (wins[r.mod_status] ?? 0) + 1;
    if (process.env.DEBUG_RACE) console.log(wins, bulk.applied);
    // Every attempt is accounted for: a win, or a refusal (logged for single decisions, reported for bulk).
    expect(wins.approved).toBe(N - anaConflicts);
    expect(wins.escalated).toBe(N - apiConflicts);
    expect(wins.rejected).toBe(bulk.applied);
    expect(bulk.applied + bulk.conflicts.length).toBe(N);
    // It was a real race: each of the three won some comments.
    expect(Math.min(wins.approved!, wins.rejected!, wins.escalated!)).toBeGreaterThan(0);
    const refusedLogged = rows.reduce((sum, r) => sum + r.refused, 0);
    expect(refusedLogged).toBe(anaConflicts + apiConflicts);
  }, 120_000);

  it("refused after waiting for the change that beat it, says what the comment is now", async () => {
    const cy = (await createUser({ email: "cy@test.local", role: "moderator", password: "long-enough-pw" })).user;
    const id = (await seedScored("race-one", [{ id: "one-1", incivility: 0.9 }], { source: "race-site" })).get("one-1")!;
    const { rows } = await pool.query<{ v: number }>("SELECT mod_version AS v FROM comment WHERE id = $1", [id]);
    const v = rows[0]!.v;
    // A re-import editing the text holds the row until it commits, after the decision has read it.
    const importing = await pool.connect();
    await importing.query("BEGIN");
    await importing.query("UPDATE comment SET body = 'Edited.', mod_version = mod_version + 1 WHERE id = $1", [id]);
    const deciding = decideComment(id, { action: "approve", expectedVersion: v }, { userId: cy.id }).catch((err: unknown) => err);
    for (let i = 0; ; i++) {
      const waiting = await pool.query("SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()");
      if (waiting.rowCount) break;
      if (i > 200) throw new Error("the decision never waited for the edit");
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await importing.query("COMMIT");
    importing.release();
    const refused = await deciding;
    expect(refused).toBeInstanceOf(ConflictError);
    expect((refused as ConflictError).current).toMatchObject({ modVersion: v + 1, body: "Edited." });
    const logged = await pool.query("SELECT previous_version, applied FROM decision WHERE comment_id = $1 AND user_id = $2", [id, cy.id]);
    expect(logged.rows).toEqual([{ previous_version: v + 1, applied: false }]);
  });
});
