import { describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { unscoredComments } from "@/lib/analytics";
import { activeScorer } from "@/lib/scoring";
import { seedScored } from "../support/moderation-fixture";

describe("comments a model has not scored", () => {
  it("are counted from the rollups as Insights counts them, pingbacks left out", async () => {
    const model = activeScorer().model;
    const ids = await seedScored("coverage", [{ id: "cv1" }, { id: "cv2" }, { id: "cv3" }]);
    expect(await unscoredComments(model)).toBe(0);
    await pool.query("DELETE FROM score WHERE comment_id = $1", [ids.get("cv1")]);
    expect(await unscoredComments(model)).toBe(1);
    // Another model has scored none of them.
    expect(await unscoredComments({ name: model.name, version: "0.0.0-never" })).toBe(3);
    // A pingback is no comment: not counted, scored or not.
    await pool.query("UPDATE comment SET kind = 'pingback' WHERE id = $1", [ids.get("cv1")]);
    expect(await unscoredComments(model)).toBe(0);
  });
});
