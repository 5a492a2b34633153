-- Words of a comment for the word rollup: @mentions name people, not the tone of a comment,
-- so they are dropped before the text is split (a flame war would otherwise rank its
-- participants as the words most associated with incivility).
CREATE OR REPLACE FUNCTION rollup_words(body text) RETURNS SETOF text LANGUAGE sql IMMUTABLE AS $$
  SELECT DISTINCT w
  FROM (SELECT btrim(replace(t, '’', ''''), '''') AS w
        FROM regexp_split_to_table(lower(regexp_replace(body, '@[^[:space:]]+', ' ', 'g')), '[^[:alpha:]''’]+') AS t) AS x
  WHERE length(w) BETWEEN 3 AND 30 AND NOT rollup_is_stopword(w)
$$;

-- Recount the words without mentions.
SELECT rollup_rebuild();
