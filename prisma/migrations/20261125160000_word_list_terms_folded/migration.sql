-- Word-list terms are now stored as comment text is compared with them: compatibility forms
-- folded (NFKC: full-width letters, ligatures) and any run of spaces as one space (a pasted
-- non-breaking space, a tab). Terms stored before that differ only so become one: the first
-- stored is kept, on its list. Needs a UTF-8 database (normalize()); others keep their rows.
DO $$
BEGIN
  IF current_setting('server_encoding') <> 'UTF8' THEN RETURN; END IF;
  CREATE TEMP TABLE word_list_folded ON COMMIT DROP AS
    SELECT id, lower(regexp_replace(normalize(term, NFKC), '[[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+', ' ', 'g')) AS folded
    FROM word_list_term;
  DELETE FROM word_list_term w USING word_list_folded f
  WHERE w.id = f.id AND EXISTS (SELECT 1 FROM word_list_folded e WHERE e.folded = f.folded AND e.id < f.id);
  UPDATE word_list_term w SET term = f.folded FROM word_list_folded f WHERE w.id = f.id AND w.term <> f.folded;
END $$;
