-- A comment's decisions follow it in the workload rollups. A re-import may move a comment to
-- another thread (another section), re-date it (real times replacing estimated ones) or turn
-- it into a pingback; its decisions stayed counted under the old section and time-to-decision
-- band, and deleting the comment later took them from the new one, so the error stayed.
-- The decision facts are now taken back for the old comment and applied for the new one,
-- as its comment and score facts already were.

CREATE OR REPLACE FUNCTION rollup_on_comment_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE tz text := rollup_timezone();
BEGIN
  EXECUTE $sql$SELECT rollup_apply_comments(ARRAY(
    SELECT rollup_comment_fact_of(x.sign, x.c, t.section, $1)
    FROM old_rows o JOIN new_rows n ON n.id = o.id,
      LATERAL (VALUES (-1, o::comment), (1, n::comment)) AS x(sign, c)
      JOIN thread t ON t.id = (x.c).thread_id
    WHERE (x.c).kind = 'comment'
      AND (o.posted_at, o.source_id, o.thread_id, o.commenter_id, o.kind, o.mod_status, o.source_status, o.flagged_at IS NULL)
        IS DISTINCT FROM (n.posted_at, n.source_id, n.thread_id, n.commenter_id, n.kind, n.mod_status, n.source_status, n.flagged_at IS NULL)))$sql$ USING tz;
  EXECUTE $sql$SELECT rollup_apply_scores(ARRAY(
    SELECT rollup_score_fact_of(x.sign, x.c, ss.s, t.section, $1)
    FROM old_rows o JOIN new_rows n ON n.id = o.id
        AND (o.posted_at, o.source_id, o.thread_id, o.kind, o.body)
          IS DISTINCT FROM (n.posted_at, n.source_id, n.thread_id, n.kind, n.body),
      LATERAL (SELECT s FROM score s WHERE s.comment_id = n.id OFFSET 0) ss,
      LATERAL (VALUES (-1, o::comment), (1, n::comment)) AS x(sign, c)
      JOIN thread t ON t.id = (x.c).thread_id
    WHERE (x.c).kind = 'comment'))$sql$ USING tz;
  -- A moderation change (mod_status, mod_version) touches none of these: only a moved, re-dated
  -- or re-typed comment does, and its applied decisions are then found by comment id.
  EXECUTE $sql$SELECT rollup_apply_decisions(ARRAY(
    SELECT rollup_decision_fact_of(x.sign, dd.d, x.c, t.section, $1)
    FROM old_rows o JOIN new_rows n ON n.id = o.id
        AND (o.posted_at, o.source_id, o.thread_id, o.kind)
          IS DISTINCT FROM (n.posted_at, n.source_id, n.thread_id, n.kind),
      LATERAL (SELECT d FROM decision d WHERE d.comment_id = n.id AND d.applied OFFSET 0) dd,
      LATERAL (VALUES (-1, o::comment), (1, n::comment)) AS x(sign, c)
      JOIN thread t ON t.id = (x.c).thread_id
    WHERE (x.c).kind = 'comment'))$sql$ USING tz;
  RETURN NULL;
END $$;
