-- The word rollup of an import, deferred to the end of its transaction. Applied per
-- statement, each batch of 2,000 scores split its texts into words (a regular expression
-- per comment, most of the rollup's cost) and appended a delta row per word and day (3 to
-- 6 per comment), mostly for keys the next batches appended again. An import instead:
--   1. calls rollup_defer_words() at its start: score statements then record one fact per
--      score (its text's hash, day, source, model, signs) in a temporary table;
--   2. splits its texts while the file is still being parsed (rollup_presplit_words, from
--      the staging statement), when the database would otherwise wait for the parser;
--   3. calls rollup_flush_words() before committing, which joins facts to words and adds
--      one delta row per word and day for the whole file.
-- The words come from the same rollup_words(), so the sums are those of splitting per
-- statement; a text not split in advance is split at the flush.

CREATE FUNCTION rollup_defer_words() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  CREATE TEMP TABLE IF NOT EXISTS rollup_word_split (hash bytea PRIMARY KEY, words text[] NOT NULL) ON COMMIT DROP;
  -- body is kept only when its words were not split in advance.
  CREATE TEMP TABLE IF NOT EXISTS rollup_word_fact (
    hash bytea NOT NULL, body text, day date, source_id integer, section text, model text, model_version text,
    sign integer, negative boolean, uncivil boolean
  ) ON COMMIT DROP;
  PERFORM set_config('comment_desk.defer_word_rollup', 'on', true);
END $$;

CREATE FUNCTION rollup_text_hash(body text) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
  SELECT sha256(convert_to(body, 'UTF8'))
$$;

-- Splits texts ahead of their scores; does nothing unless words are deferred. rollup_words is
-- read in FROM, where PostgreSQL inlines it: called as a function it took 60% longer.
CREATE FUNCTION rollup_presplit_words(bodies text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('comment_desk.defer_word_rollup', true) = 'on' THEN
    -- Through EXECUTE: the table exists only in the session that defers.
    EXECUTE $sql$INSERT INTO pg_temp.rollup_word_split (hash, words)
      SELECT rollup_text_hash(b), ARRAY(SELECT w FROM rollup_words(b) AS w) FROM unnest($1) AS b
      ON CONFLICT (hash) DO NOTHING$sql$ USING bodies;
  END IF;
END $$;

CREATE FUNCTION rollup_apply_words(facts rollup_score_fact[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('comment_desk.defer_word_rollup', true) = 'on' THEN
    EXECUTE $sql$INSERT INTO pg_temp.rollup_word_fact (hash, body, day, source_id, section, model, model_version, sign, negative, uncivil)
      SELECT h.hash, CASE WHEN s.hash IS NULL THEN f.body END,
        f.day, f.source_id, f.section, f.model, f.model_version, f.sign, f.negative, f.uncivil
      FROM unnest($1) AS f
      CROSS JOIN LATERAL (SELECT rollup_text_hash(f.body) AS hash) h
      LEFT JOIN pg_temp.rollup_word_split s ON s.hash = h.hash$sql$ USING facts;
  ELSE
    INSERT INTO rollup_word_day (day, source_id, section, model, model_version, word, comments, negative, uncivil)
    SELECT f.day, f.source_id, f.section, f.model, f.model_version, w.word,
      sum(f.sign), sum(f.sign * f.negative::int), sum(f.sign * f.uncivil::int)
    FROM unnest(facts) AS f, rollup_words(f.body) AS w(word)
    GROUP BY 1, 2, 3, 4, 5, 6
    HAVING (sum(f.sign), sum(f.sign * f.negative::int), sum(f.sign * f.uncivil::int)) <> (0, 0, 0);
  END IF;
END $$;

-- Adds the deferred words to rollup_word_day and turns deferral off. Returns the rows added.
-- A million comments give about 6.4 million words in 200,000-odd groups: hashed in memory
-- (45 MB) that takes 2.4 s; with the server's work_mem PostgreSQL sorted them on disk
-- instead (12 s). The larger work_mem holds for this statement only.
CREATE FUNCTION rollup_flush_words() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  added bigint := 0;
  previous text := current_setting('work_mem');
BEGIN
  IF current_setting('comment_desk.defer_word_rollup', true) = 'on' THEN
    PERFORM set_config('work_mem', '256MB', true);
    EXECUTE $sql$INSERT INTO rollup_word_day (day, source_id, section, model, model_version, word, comments, negative, uncivil)
      SELECT f.day, f.source_id, f.section, f.model, f.model_version, w.word,
        sum(f.sign), sum(f.sign * f.negative::int), sum(f.sign * f.uncivil::int)
      FROM pg_temp.rollup_word_fact f
      LEFT JOIN pg_temp.rollup_word_split s ON f.body IS NULL AND s.hash = f.hash
      CROSS JOIN LATERAL unnest(CASE WHEN f.body IS NULL THEN s.words ELSE ARRAY(SELECT x FROM rollup_words(f.body) AS x) END) AS w(word)
      GROUP BY 1, 2, 3, 4, 5, 6
      HAVING (sum(f.sign), sum(f.sign * f.negative::int), sum(f.sign * f.uncivil::int)) <> (0, 0, 0)$sql$;
    GET DIAGNOSTICS added = ROW_COUNT;
    PERFORM set_config('work_mem', previous, true);
    EXECUTE 'TRUNCATE pg_temp.rollup_word_fact, pg_temp.rollup_word_split';
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
