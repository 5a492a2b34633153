-- Compacting merges delta rows into the sums they add up to: no figure changes, so it must not
-- tell the Insights cache that the rollups changed. Before, every compaction (every minute, with
-- or without anything to merge) bumped the change counter and emptied every web instance's cache.
CREATE OR REPLACE FUNCTION rollup_note_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('rollup.compacting', true), '') = 'on' THEN RETURN NULL; END IF;
  PERFORM nextval('rollup_change_seq');
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION rollup_compact() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE total bigint := 0;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('rollup_compact')) THEN RETURN 0; END IF;
  -- Transaction-local, and switched off again below: writes after it in the same transaction count.
  PERFORM set_config('rollup.compacting', 'on', true);
  total := total + rollup_compact_table('rollup_day', '{day,source_id,section}', '{comments,removed,flagged,open}', 'comments');
  total := total + rollup_compact_table('rollup_day_score', '{day,source_id,section,model,model_version}', '{scored,negative,positive,uncivil,sentiment_sum}', 'scored');
  total := total + rollup_compact_table('rollup_sentiment_bin', '{day,source_id,section,model,model_version,bin}', '{comments}', 'comments');
  total := total + rollup_compact_table('rollup_attribute_day', '{day,source_id,section,model,model_version,attribute}', '{scored,present,score_sum}', 'scored');
  total := total + rollup_compact_table('rollup_thread_day', '{day,thread_id}', '{comments,removed,flagged}', 'comments');
  total := total + rollup_compact_table('rollup_thread_day_score', '{day,thread_id,model,model_version}', '{scored,negative,uncivil,sentiment_sum}', 'scored');
  total := total + rollup_compact_table('rollup_commenter_day', '{day,source_id,section,commenter_id}', '{comments,flagged,removed}', 'comments');
  total := total + rollup_compact_table('rollup_word_day', '{day,source_id,section,model,model_version,word}', '{comments,negative,uncivil}', 'comments');
  total := total + rollup_compact_table('rollup_decision_day', '{day,source_id,section,action,latency_bucket}', '{decisions,entered_queue,left_queue}', 'decisions');
  PERFORM set_config('rollup.compacting', 'off', true);
  RETURN total;
EXCEPTION WHEN OTHERS THEN
  PERFORM set_config('rollup.compacting', 'off', true);
  RAISE;
END $$;
