-- The word rollup, deferred to the end of a large write. Applied per statement, each batch
-- of 2,000 scores appended its own delta rows (one per word and day in the batch: 3 to 6 per
-- comment), most of them for keys the next batches append again. An import instead sets
-- comment_desk.defer_word_rollup = 'on' for its transaction, collects the words in a
-- temporary table and groups them once before committing (rollup_flush_words): the same
-- sums, in a fraction of the rows and time.

CREATE FUNCTION rollup_apply_words(facts rollup_score_fact[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('comment_desk.defer_word_rollup', true) = 'on' THEN
    -- Through EXECUTE: the table exists only in the session that defers.
    EXECUTE $sql$INSERT INTO pg_temp.rollup_word_pending (day, source_id, section, model, model_version, word, sign, negative, uncivil)
      SELECT f.day, f.source_id, f.section, f.model, f.model_version, w.word, f.sign, f.negative, f.uncivil
      FROM unnest($1) AS f, rollup_words(f.body) AS w(word)$sql$ USING facts;
  ELSE
    -- Also through EXECUTE, like the trigger functions: a plan cached for one batch's size is not kept for the next.
    EXECUTE $sql$INSERT INTO rollup_word_day (day, source_id, section, model, model_version, word, comments, negative, uncivil)
      SELECT f.day, f.source_id, f.section, f.model, f.model_version, w.word,
        sum(f.sign), sum(f.sign * f.negative::int), sum(f.sign * f.uncivil::int)
      FROM unnest($1) AS f, rollup_words(f.body) AS w(word)
      GROUP BY 1, 2, 3, 4, 5, 6
      HAVING (sum(f.sign), sum(f.sign * f.negative::int), sum(f.sign * f.uncivil::int)) <> (0, 0, 0)$sql$ USING facts;
  END IF;
END $$;

-- Creates the session's pending table (dropped at commit) and turns deferral on for the
-- transaction. Whoever calls it must call rollup_flush_words() before committing.
CREATE FUNCTION rollup_defer_words() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  CREATE TEMP TABLE IF NOT EXISTS rollup_word_pending (
    day date, source_id integer, section text, model text, model_version text, word text,
    sign integer, negative boolean, uncivil boolean
  ) ON COMMIT DROP;
  PERFORM set_config('comment_desk.defer_word_rollup', 'on', true);
END $$;

-- Groups the pending words into rollup_word_day and turns deferral off. Returns the rows added.
-- A million comments leave about 6.4 million pending words in 200,000-odd groups: hashed in
-- memory (45 MB) that takes 2.4 s; with the server's work_mem PostgreSQL sorted them on disk
-- instead (12 s). The larger work_mem holds for this statement only.
CREATE FUNCTION rollup_flush_words() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  added bigint := 0;
  previous text := current_setting('work_mem');
BEGIN
  IF current_setting('comment_desk.defer_word_rollup', true) = 'on' THEN
    PERFORM set_config('work_mem', '256MB', true);
    EXECUTE $sql$INSERT INTO rollup_word_day (day, source_id, section, model, model_version, word, comments, negative, uncivil)
      SELECT day, source_id, section, model, model_version, word, sum(sign), sum(sign * negative::int), sum(sign * uncivil::int)
      FROM pg_temp.rollup_word_pending
      GROUP BY 1, 2, 3, 4, 5, 6
      HAVING (sum(sign), sum(sign * negative::int), sum(sign * uncivil::int)) <> (0, 0, 0)$sql$;
    GET DIAGNOSTICS added = ROW_COUNT;
    PERFORM set_config('work_mem', previous, true);
    EXECUTE 'TRUNCATE pg_temp.rollup_word_pending';
    PERFORM set_config('comment_desk.defer_word_rollup', 'off', true);
  END IF;
  RETURN added;
END $$;

CREATE OR REPLACE FUNCTION rollup_apply_scores(facts rollup_score_fact[]) RETURNS void LANGUAGE sql AS $$
  WITH f AS MATERIALIZED (SELECT * FROM unnest(facts)),
  by_day AS (
    INSERT INTO rollup_day_score (day, source_id, section, model, model_version, scored, sentiment_sum, negative, positive, uncivil)
    SELECT day, source_id, section, model, model_version, sum(sign), sum(sign * sentiment),
      sum(sign * negative::int), sum(sign * positive::int), sum(sign * uncivil::int)
    FROM f GROUP BY day, source_id, section, model, model_version
    HAVING sum(abs(sign)) > 0 AND (sum(sign) <> 0 OR sum(sign * sentiment) <> 0 OR sum(sign * negative::int) <> 0
      OR sum(sign * positive::int) <> 0 OR sum(sign * uncivil::int) <> 0)
  ),
  by_bin AS (
    INSERT INTO rollup_sentiment_bin (day, source_id, section, model, model_version, bin, comments)
    SELECT day, source_id, section, model, model_version, rollup_sentiment_bin_of(sentiment), sum(sign)
    FROM f GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(sign) <> 0
  ),
  by_attribute AS (
    INSERT INTO rollup_attribute_day (day, source_id, section, model, model_version, attribute, scored, present, score_sum)
    SELECT day, source_id, section, model, model_version, a.key, sum(sign),
      sum(sign * ((a.value)::float8 >= 0.5)::int), sum(sign * (a.value)::float8)
    FROM f, jsonb_each(CASE WHEN jsonb_typeof(f.attributes) = 'object' THEN f.attributes ELSE '{}' END) AS a
    WHERE jsonb_typeof(a.value) = 'number'
    GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(sign) <> 0 OR sum(sign * ((a.value)::float8 >= 0.5)::int) <> 0 OR sum(sign * (a.value)::float8) <> 0
  ),
  by_thread AS (
    INSERT INTO rollup_thread_day_score (day, thread_id, model, model_version, scored, sentiment_sum, negative, uncivil)
    SELECT day, thread_id, model, model_version, sum(sign), sum(sign * sentiment), sum(sign * negative::int), sum(sign * uncivil::int)
    FROM f GROUP BY day, thread_id, model, model_version
    HAVING sum(sign) <> 0 OR sum(sign * sentiment) <> 0 OR sum(sign * negative::int) <> 0 OR sum(sign * uncivil::int) <> 0
  )
  SELECT rollup_apply_words(facts)
$$;
