-- The Insights cache is emptied when the change counter moves (rollup_note_change). It moved on
-- writes that changed no figure, and every web instance then computed its pages again:
--  * a rollup insert with nothing to insert still fires its statement trigger, and the appliers
--    ran for every comment update, also those that change nothing counted (re-ranking, parent
--    links, the rules' reasons): they now skip an empty set of facts;
--  * thread and commenter updates counted whatever they changed (claims, pre-moderation, the
--    newest comment's time): only what Insights shows beside its figures counts now.
ALTER FUNCTION rollup_apply_comments(rollup_comment_fact[]) RENAME TO rollup_apply_comment_facts;
CREATE FUNCTION rollup_apply_comments(facts rollup_comment_fact[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(facts) > 0 THEN PERFORM rollup_apply_comment_facts(facts); END IF;
END $$;

ALTER FUNCTION rollup_apply_scores(rollup_score_fact[]) RENAME TO rollup_apply_score_facts;
CREATE FUNCTION rollup_apply_scores(facts rollup_score_fact[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(facts) > 0 THEN PERFORM rollup_apply_score_facts(facts); END IF;
END $$;

ALTER FUNCTION rollup_apply_decisions(rollup_decision_fact[]) RENAME TO rollup_apply_decision_facts;
CREATE FUNCTION rollup_apply_decisions(facts rollup_decision_fact[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(facts) > 0 THEN PERFORM rollup_apply_decision_facts(facts); END IF;
END $$;

DROP TRIGGER thread_changed_for_insights ON thread;
CREATE TRIGGER thread_changed_for_insights AFTER UPDATE OF title, url, section, source_id ON thread
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_note_change();
DROP TRIGGER commenter_changed_for_insights ON commenter;
CREATE TRIGGER commenter_changed_for_insights AFTER UPDATE OF display_name, source_id ON commenter
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_note_change();
