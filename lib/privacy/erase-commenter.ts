import { inTransaction } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { activeScorer, scoreComments } from "@/lib/scoring";

export const ERASED_TEXT = "[removed at the commenter's request]";
export const ERASED_NAME = "Removed";

/**
 * Honours a deletion request: the commenter's name, email and IP address and the text
 * of every comment they wrote are replaced, in one transaction. The rows themselves
 * stay (as "Removed"), so threads keep their shape and the moderation audit log
 * keeps its history without personal data. Returns how many comments were redacted.
 */
export async function eraseCommenter(commenterId: number): Promise<{ comments: number }> {
  return inTransaction(async (client) => {
    const { rowCount } = await client.query(
      `UPDATE commenter SET display_name = $2, email = NULL, ip = NULL WHERE id = $1`,
      [commenterId, ERASED_NAME],
    );
    if (!rowCount) throw new NotFoundError(`commenter ${commenterId} not found`);
    const { rows } = await client.query<{ id: number }>(
      `UPDATE comment SET body = $2, body_html = NULL, author_name = $3, content_hash = 'erased', updated_at = now()
       WHERE commenter_id = $1 RETURNING id`,
      [commenterId, ERASED_TEXT, ERASED_NAME],
    );
    // Scores point at words of the old text: score the placeholder instead.
    await scoreComments(rows.map((r) => r.id), { scorer: activeScorer(), client });
    return { comments: rows.length };
  });
}
