/**
 * The content hash of a comment whose commenter's data was erased (lib/privacy): imports leave
 * such a comment as it is, whatever the source still holds.
 */
export const ERASED_HASH = "erased";

/**
 * What re-importing a stored comment changes (the SET list after `ON CONFLICT (source_id,
 * source_comment_id) DO UPDATE SET`, for a table aliased `comment`), shared by the file
 * import (writer.ts) and the direct writer so both merge a re-import the same way:
 *  - an estimated time never moves a stored one: saved pages date comments by the file's
 *    modification time, and every upload is a new file; a real time replaces an estimate;
 *  - a changed text bumps `mod_version`, so a moderator deciding on the old text gets a
 *    conflict instead of approving words they never saw.
 * The content hash leaves estimated times out (stage.ts), so only a real change gets here.
 */
export const REIMPORT_COMMENT_SET = `
  thread_id = EXCLUDED.thread_id, parent_source_id = EXCLUDED.parent_source_id,
  parent_inferred = EXCLUDED.parent_inferred, commenter_id = EXCLUDED.commenter_id,
  author_name = EXCLUDED.author_name, body = EXCLUDED.body, body_html = EXCLUDED.body_html,
  posted_at = CASE WHEN EXCLUDED.posted_at_estimated THEN comment.posted_at ELSE EXCLUDED.posted_at END,
  posted_at_estimated = comment.posted_at_estimated AND EXCLUDED.posted_at_estimated,
  source_status = EXCLUDED.source_status, kind = EXCLUDED.kind,
  mod_version = comment.mod_version + (comment.body IS DISTINCT FROM EXCLUDED.body)::int,
  content_hash = EXCLUDED.content_hash, updated_at = now()
WHERE comment.content_hash IS DISTINCT FROM EXCLUDED.content_hash
  -- Never an erased comment, whatever the writer read before: an erasure may commit meanwhile.
  AND comment.content_hash <> '${ERASED_HASH}'`;
