import { inTransaction } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { holdScorerShared, loadActiveScorer, scoreComments } from "@/lib/scoring";
import { recordErasure } from "./erasures";
import { noteCommittedChange } from "@/lib/analytics/cache";
import { ERASED_HASH } from "@/lib/ingest/comment-upsert";

export const ERASED_TEXT = "[removed at the commenter's request]";
export const ERASED_NAME = "Removed";

export const ERASED_NOTE = "[removed with the commenter's data]";

/**
 * Honours a deletion request, in one transaction: the commenter's name, email, IP address and
 * key (importers build it from the name and email), the text of every comment they wrote,
 * moderators' notes on those comments (which may quote them), and other model versions' scores
 * of the old texts are replaced or removed. The rows themselves stay (as "Removed"), so threads
 * keep their shape and the moderation audit log keeps its history without personal data.
 * The time of the erasure is recorded with it, so export files read before it are no longer offered.
 * Returns how many comments were redacted.
 */
export async function eraseCommenter(commenterId: number): Promise<{ comments: number }> {
  const erased = await inTransaction(async (client) => {
    // No change of the model meanwhile: its rescore could store a score of the old text beside ours.
    await holdScorerShared(client);
    const { rowCount } = await client.query(
      // Keys are unique per source, so one made from the id cannot clash.
      `UPDATE commenter SET display_name = $2, email = NULL, ip = NULL, key = 'erased:' || id WHERE id = $1`,
      [commenterId, ERASED_NAME],
    );
    if (!rowCount) throw new NotFoundError(`commenter ${commenterId} not found`);
    const { rows } = await client.query<{ id: number }>(
      // A new version: a score of the old text read by a rescore running now can never replace the placeholder's.
      `UPDATE comment SET body = $2, body_html = NULL, author_name = $3, content_hash = $4, updated_at = now(),
         mod_version = mod_version + 1
       WHERE commenter_id = $1 RETURNING id`,
      [commenterId, ERASED_TEXT, ERASED_NAME, ERASED_HASH],
    );
    const ids = rows.map((r) => r.id);
    await client.query("UPDATE decision SET note = $2 WHERE comment_id = ANY($1::int[]) AND note IS NOT NULL", [ids, ERASED_NOTE]);
    // Scores point at words of the old text: other versions' go, and the active one scores the placeholder.
    // Read afresh, under the lock: this process's cached model may not be the one in use.
    const scorer = await loadActiveScorer(client);
    await client.query("DELETE FROM score WHERE comment_id = ANY($1::int[]) AND (model, model_version) <> ($2, $3)", [ids, scorer.model.name, scorer.model.version]);
    await scoreComments(ids, { scorer, client });
    // Last: concurrent erasures wait on this row only for the moment before their commit.
    await recordErasure(client);
    return { comments: rows.length };
  });
  // Insights views computed while it ran may hold the name: they are not shown again.
  await noteCommittedChange().catch((err: Error) => console.error(`[privacy] the Insights cache was not told of an erasure: ${err.message}`));
  return erased;
}
