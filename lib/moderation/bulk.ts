import { z } from "zod";
import { dbId, dbText, dbVersion } from "@/lib/zod-fields";
import { pool } from "@/lib/db";
import { ConflictError } from "@/lib/errors";
import { DECISION_ACTIONS, REASON_CODES, decideComments, type BulkInput } from "./decide";
import { checkReasons } from "./constants";
import { queueFilterSchema } from "./queue-filter";
import { MAX_MATCHING, matchingComments, setDigest, tooManyMatching } from "./queue";

export const bulkRequestSchema = z
  .object({
    action: z.enum(DECISION_ACTIONS),
    reason: z.enum(REASON_CODES).optional(),
    note: dbText.trim().max(1000).optional(),
    /** Either explicit comments with the version each was loaded at… */
    items: z.array(z.object({ id: dbId, modVersion: dbVersion })).max(10_000).optional(),
    /** …or every comment matching a queue filter, confirmed by the count the user saw. */
    filter: queueFilterSchema.optional(),
    expectedCount: z.number().int().min(0).optional(),
    /** …and, from the Queue page, the digest of the set it saw (matchingSet): any change to the set refuses. */
    expectedDigest: z.string().regex(/^[0-9a-f]{32}$/).optional(),
  })
  .refine((b) => !!b.items !== !!b.filter, { message: "give either items or filter" })
  .superRefine(checkReasons)
  .refine((b) => !b.filter || b.expectedCount !== undefined, { message: "a filter needs the expectedCount the user confirmed" });
export type BulkRequest = z.infer<typeof bulkRequestSchema>;

/**
 * Bulk decision on a selection or on "all matching this filter". For a filter the
 * matching set is read at execution time and must have the size the user confirmed;
 * otherwise nothing is changed and a conflict says how many match now.
 */
export async function decideBulk(request: BulkRequest, actor: { userId: number; via?: string }) {
  const data = bulkRequestSchema.parse(request);
  const input: BulkInput = { action: data.action, reason: data.reason, note: data.note, userId: actor.userId, via: actor.via ?? "bulk" };
  if (data.items) return decideComments(data.items, input);
  const { sql, params } = await matchingComments(data.filter!);
  params.push(MAX_MATCHING + 1);
  const { rows } = await pool.query<{ id: number; mod_version: number }>(`SELECT c.id, c.mod_version ${sql} LIMIT $${params.length}`, params);
  if (rows.length > MAX_MATCHING) throw tooManyMatching();
  if (rows.length !== data.expectedCount) {
    throw new ConflictError(`${rows.length} comments match now, not the ${data.expectedCount} you confirmed; review and confirm again`, {
      count: rows.length,
    });
  }
  if (data.expectedDigest !== undefined && setDigest(rows) !== data.expectedDigest) {
    throw new ConflictError(
      `the ${rows.length} comments matching now are not the ones you confirmed (some were decided, changed or newly flagged meanwhile); review and confirm again`,
      { count: rows.length },
    );
  }
  return decideComments(rows.map((r) => ({ id: r.id, modVersion: r.mod_version })), input);
}
