-- Sentiment bins: -0.8 must land in bin 2, not 1 ((−0.8 + 1) × 10 is 1.9999… in floating point).
CREATE OR REPLACE FUNCTION rollup_sentiment_bin_of(sentiment double precision) RETURNS smallint LANGUAGE sql IMMUTABLE AS $$
  SELECT least(19, greatest(0, floor(round(((sentiment + 1) * 10)::numeric, 9))))::smallint
$$;
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
  INSERT INTO rollup_word_day (day, source_id, section, model, model_version, word, comments, negative, uncivil)
  SELECT day, source_id, section, model, model_version, w.word, sum(sign), sum(sign * negative::int), sum(sign * uncivil::int)
  FROM f, rollup_words(f.body) AS w(word)
  GROUP BY 1, 2, 3, 4, 5, 6
  HAVING (sum(sign), sum(sign * negative::int), sum(sign * uncivil::int)) <> (0, 0, 0)
$$;

-- Recount the bins with the corrected rule.
SELECT rollup_rebuild();
