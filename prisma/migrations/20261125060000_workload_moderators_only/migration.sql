-- The workload charts count moderators' decisions. The system's own (the rules' flags, rejections
-- and releases, a changed text's return to the queue) were counted with them: an import that
-- auto-rejected thousands of comments for a banned term showed thousands of moderator rejections.
-- They are now kept under their own action ('system:reject', …): still counted as entering or
-- leaving the queue, never as decisions, and without a time-to-decision band.
CREATE OR REPLACE FUNCTION rollup_decision_fact_of(sign integer, d decision, c comment, section text, tz text)
RETURNS rollup_decision_fact LANGUAGE sql STABLE AS $$
  SELECT ROW(sign, (d.created_at AT TIME ZONE tz)::date, c.source_id, coalesce(section, ''),
    CASE WHEN d.via = 'system' THEN 'system:' || d.action::text ELSE d.action::text END,
    CASE WHEN d.action IN ('approve', 'reject', 'escalate') AND d.via <> 'system'
      THEN rollup_latency_bucket(extract(epoch FROM d.created_at - c.posted_at)) ELSE -1 END,
    d.new_status IN ('flagged', 'escalated') AND d.previous_status NOT IN ('flagged', 'escalated'),
    d.previous_status IN ('flagged', 'escalated') AND d.new_status NOT IN ('flagged', 'escalated'))::rollup_decision_fact
$$;

-- The decisions already counted, counted again by that rule (as rollup_rebuild() does, for this
-- one rollup: it reads the decisions, far fewer than the comments).
DO $$
DECLARE
  tz text := rollup_timezone();
  slice integer := 20000;
  low integer := 0;
  top integer;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('rollup_compact'));
  LOCK TABLE comment, decision, thread IN SHARE MODE;
  DELETE FROM rollup_decision_day;
  SELECT coalesce(max(id), 0) INTO top FROM comment;
  WHILE low < top LOOP
    PERFORM rollup_apply_decisions(ARRAY(
      SELECT rollup_decision_fact_of(1, d, c, t.section, tz)
      FROM comment c JOIN thread t ON t.id = c.thread_id JOIN decision d ON d.comment_id = c.id AND d.applied
      WHERE c.id > low AND c.id <= low + slice AND c.kind = 'comment'));
    low := low + slice;
  END LOOP;
END $$;
