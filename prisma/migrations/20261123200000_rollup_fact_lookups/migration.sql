-- The score and decision triggers look up each changed row's comment by its id.
-- A transition table has no statistics, and with a few hundred thousand comments the
-- planner hash-joined a batch of 2,000 scores against a scan of the whole comment table:
-- every batch read every comment, so an import's cost grew with the square of its size.
-- The LIMIT 1 subqueries keep each lookup an index probe, whatever the table's size.

CREATE OR REPLACE FUNCTION rollup_on_score_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE tz text := rollup_timezone();
BEGIN
  IF TG_OP = 'INSERT' THEN
    EXECUTE $sql$SELECT rollup_apply_scores(ARRAY(
      SELECT rollup_score_fact_of(1, x.c, n, x.section, $1)
      FROM new_rows n,
        LATERAL (SELECT c, t.section FROM comment c JOIN thread t ON t.id = c.thread_id
                 WHERE c.id = n.comment_id AND c.kind = 'comment' LIMIT 1) x))$sql$ USING tz;
  ELSIF TG_OP = 'UPDATE' THEN
    EXECUTE $sql$SELECT rollup_apply_scores(ARRAY(
      SELECT rollup_score_fact_of(v.sign, x.c, v.s, x.section, $1)
      FROM old_rows o JOIN new_rows n ON n.id = o.id,
        LATERAL (VALUES (-1, o::score), (1, n::score)) AS v(sign, s),
        LATERAL (SELECT c, t.section FROM comment c JOIN thread t ON t.id = c.thread_id
                 WHERE c.id = (v.s).comment_id AND c.kind = 'comment' LIMIT 1) x
      WHERE (o.comment_id, o.model, o.model_version, o.sentiment, o.sentiment_label, o.incivility, o.attributes)
        IS DISTINCT FROM (n.comment_id, n.model, n.model_version, n.sentiment, n.sentiment_label, n.incivility, n.attributes)))$sql$ USING tz;
  ELSE
    EXECUTE $sql$SELECT rollup_apply_scores(ARRAY(
      SELECT rollup_score_fact_of(-1, x.c, o, x.section, $1)
      FROM old_rows o,
        LATERAL (SELECT c, t.section FROM comment c JOIN thread t ON t.id = c.thread_id
                 WHERE c.id = o.comment_id AND c.kind = 'comment' LIMIT 1) x))$sql$ USING tz;
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION rollup_on_decision_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE tz text := rollup_timezone();
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    EXECUTE $sql$SELECT rollup_apply_decisions(ARRAY(
      SELECT rollup_decision_fact_of(-1, o, x.c, x.section, $1)
      FROM old_rows o,
        LATERAL (SELECT c, t.section FROM comment c JOIN thread t ON t.id = c.thread_id
                 WHERE c.id = o.comment_id AND c.kind = 'comment' LIMIT 1) x
      WHERE o.applied))$sql$ USING tz;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    EXECUTE $sql$SELECT rollup_apply_decisions(ARRAY(
      SELECT rollup_decision_fact_of(1, n, x.c, x.section, $1)
      FROM new_rows n,
        LATERAL (SELECT c, t.section FROM comment c JOIN thread t ON t.id = c.thread_id
                 WHERE c.id = n.comment_id AND c.kind = 'comment' LIMIT 1) x
      WHERE n.applied))$sql$ USING tz;
  END IF;
  RETURN NULL;
END $$;

-- A moderation change touches no score rollup; only a moved or edited comment does, and
-- its scores are then found by comment id (OFFSET 0 keeps the lookup per comment).
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
  RETURN NULL;
END $$;
