-- A counter that moves whenever any insights rollup changes, so the app can keep computed
-- Insights pages until the data under them changes. A sequence, not a row: writers never
-- wait on each other for it, and nextval is not rolled back (a rolled-back write costs at
-- most one needless recomputation).
CREATE SEQUENCE rollup_change_seq;

CREATE FUNCTION rollup_note_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval('rollup_change_seq');
  RETURN NULL;
END
$$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['rollup_day', 'rollup_day_score', 'rollup_thread_day', 'rollup_thread_day_score',
    'rollup_commenter_day', 'rollup_word_day', 'rollup_attribute_day', 'rollup_sentiment_bin', 'rollup_decision_day']
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH STATEMENT EXECUTE FUNCTION rollup_note_change()', t || '_changed', t);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION rollup_note_change()', t || '_truncated', t);
  END LOOP;
END
$$;

-- Thread titles and commenter names are shown next to rollup figures.
CREATE TRIGGER thread_changed_for_insights AFTER UPDATE ON thread FOR EACH STATEMENT EXECUTE FUNCTION rollup_note_change();
CREATE TRIGGER commenter_changed_for_insights AFTER UPDATE ON commenter FOR EACH STATEMENT EXECUTE FUNCTION rollup_note_change();
