-- AlterTable
ALTER TABLE "export_run" ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'completed';

-- CreateTable
CREATE TABLE "rollup_day" (
    "day" DATE NOT NULL,
    "source_id" INTEGER NOT NULL,
    "section" TEXT NOT NULL DEFAULT '',
    "comments" INTEGER NOT NULL DEFAULT 0,
    "removed" INTEGER NOT NULL DEFAULT 0,
    "flagged" INTEGER NOT NULL DEFAULT 0,
    "open" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "rollup_day_score" (
    "day" DATE NOT NULL,
    "source_id" INTEGER NOT NULL,
    "section" TEXT NOT NULL DEFAULT '',
    "model" TEXT NOT NULL,
    "model_version" TEXT NOT NULL,
    "scored" INTEGER NOT NULL DEFAULT 0,
    "sentiment_sum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "negative" INTEGER NOT NULL DEFAULT 0,
    "positive" INTEGER NOT NULL DEFAULT 0,
    "uncivil" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "rollup_sentiment_bin" (
    "day" DATE NOT NULL,
    "source_id" INTEGER NOT NULL,
    "section" TEXT NOT NULL DEFAULT '',
    "model" TEXT NOT NULL,
    "model_version" TEXT NOT NULL,
    "bin" SMALLINT NOT NULL,
    "comments" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "rollup_attribute_day" (
    "day" DATE NOT NULL,
    "source_id" INTEGER NOT NULL,
    "section" TEXT NOT NULL DEFAULT '',
    "model" TEXT NOT NULL,
    "model_version" TEXT NOT NULL,
    "attribute" TEXT NOT NULL,
    "scored" INTEGER NOT NULL DEFAULT 0,
    "present" INTEGER NOT NULL DEFAULT 0,
    "score_sum" DOUBLE PRECISION NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "rollup_thread_day" (
    "day" DATE NOT NULL,
    "thread_id" INTEGER NOT NULL,
    "comments" INTEGER NOT NULL DEFAULT 0,
    "removed" INTEGER NOT NULL DEFAULT 0,
    "flagged" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "rollup_thread_day_score" (
    "day" DATE NOT NULL,
    "thread_id" INTEGER NOT NULL,
    "model" TEXT NOT NULL,
    "model_version" TEXT NOT NULL,
    "scored" INTEGER NOT NULL DEFAULT 0,
    "sentiment_sum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "negative" INTEGER NOT NULL DEFAULT 0,
    "uncivil" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "rollup_commenter_day" (
    "day" DATE NOT NULL,
    "source_id" INTEGER NOT NULL,
    "section" TEXT NOT NULL DEFAULT '',
    "commenter_id" INTEGER NOT NULL,
    "comments" INTEGER NOT NULL DEFAULT 0,
    "flagged" INTEGER NOT NULL DEFAULT 0,
    "removed" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "rollup_word_day" (
    "day" DATE NOT NULL,
    "source_id" INTEGER NOT NULL,
    "section" TEXT NOT NULL DEFAULT '',
    "model" TEXT NOT NULL,
    "model_version" TEXT NOT NULL,
    "word" TEXT NOT NULL,
    "comments" INTEGER NOT NULL DEFAULT 0,
    "negative" INTEGER NOT NULL DEFAULT 0,
    "uncivil" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "rollup_decision_day" (
    "day" DATE NOT NULL,
    "source_id" INTEGER NOT NULL,
    "section" TEXT NOT NULL DEFAULT '',
    "action" TEXT NOT NULL,
    "latency_bucket" SMALLINT NOT NULL,
    "decisions" INTEGER NOT NULL DEFAULT 0,
    "entered_queue" INTEGER NOT NULL DEFAULT 0,
    "left_queue" INTEGER NOT NULL DEFAULT 0
);

-- CreateIndex
CREATE INDEX "rollup_day_day_idx" ON "rollup_day"("day");

-- CreateIndex
CREATE INDEX "rollup_day_score_model_model_version_day_idx" ON "rollup_day_score"("model", "model_version", "day");

-- CreateIndex
CREATE INDEX "rollup_sentiment_bin_model_model_version_day_idx" ON "rollup_sentiment_bin"("model", "model_version", "day");

-- CreateIndex
CREATE INDEX "rollup_attribute_day_model_model_version_day_idx" ON "rollup_attribute_day"("model", "model_version", "day");

-- CreateIndex
CREATE INDEX "rollup_thread_day_day_idx" ON "rollup_thread_day"("day");

-- CreateIndex
CREATE INDEX "rollup_thread_day_score_model_model_version_day_idx" ON "rollup_thread_day_score"("model", "model_version", "day");

-- CreateIndex
CREATE INDEX "rollup_commenter_day_day_idx" ON "rollup_commenter_day"("day");

-- CreateIndex
CREATE INDEX "rollup_word_day_model_model_version_day_idx" ON "rollup_word_day"("model", "model_version", "day");

-- CreateIndex
CREATE INDEX "rollup_decision_day_day_idx" ON "rollup_decision_day"("day");
-- Insights rollups, kept by the database itself.
--
-- Every write to comment, score, decision or thread is turned, once per statement, into
-- signed "facts" (+1 for the new state of a row, -1 for its old state) that are added to the
-- rollup tables as delta rows. Nothing is updated in place, so a long import never holds
-- a lock that the decision of a moderator would wait for; queries sum the rows of a key, and
-- rollup_compact() merges the rows of each key from time to time.
--
-- `day` is the newsroom-local date of the comment (or decision) in the time zone stored
-- in the setting newsroom.timezone (UTC when unset); changing the zone runs rollup_rebuild().
-- Pingbacks and trackbacks are not comments for insights and are left out.

CREATE FUNCTION rollup_timezone() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT value #>> '{}' FROM setting WHERE key = 'newsroom.timezone'), 'UTC')
$$;

-- Removed = rejected by a moderator, or deleted / marked spam by the source.
CREATE FUNCTION rollup_is_removed(mod "ModStatus", src "SourceStatus") RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT mod = 'rejected' OR src IN ('deleted', 'spam')
$$;

-- Time from comment to decision, in bands: 0 = under a minute … 15 = 30 days or more.
-- lib/analytics/workload.ts labels the same bounds.
CREATE FUNCTION rollup_latency_bucket(seconds double precision) RETURNS smallint LANGUAGE sql IMMUTABLE AS $$
  SELECT count(*)::smallint
  FROM unnest('{60,300,900,1800,3600,7200,14400,28800,43200,86400,172800,259200,604800,1209600,2592000}'::float8[]) AS b
  WHERE seconds >= b
$$;

-- Words too common to say anything about the tone of a comment.
CREATE FUNCTION rollup_is_stopword(word text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT word = ANY ('{about,above,after,again,against,all,also,and,any,are,aren''t,because,been,before,being,below,between,both,but,can,can''t,cannot,could,couldn''t,did,didn''t,does,doesn''t,doing,don''t,down,during,each,even,few,for,from,further,get,got,had,hadn''t,has,hasn''t,have,haven''t,having,her,here,hers,herself,him,himself,his,how,i''d,i''ll,i''m,i''ve,into,isn''t,it''s,its,itself,just,let''s,like,more,most,much,must,mustn''t,myself,nor,not,now,off,once,one,only,other,ought,our,ours,ourselves,out,over,own,same,say,said,she,she''s,should,shouldn''t,some,such,than,that,that''s,the,their,theirs,them,themselves,then,there,there''s,these,they,they''re,they''ve,this,those,through,too,under,until,very,was,wasn''t,we''re,we''ve,were,weren''t,what,what''s,when,where,which,while,who,who''s,whom,why,will,with,won''t,would,wouldn''t,yes,you,you''d,you''ll,you''re,you''ve,your,yours,yourself,yourselves,will,well,way,many,may,might,make,made,see,still,think,know,going,people,really,want,way,who,new,two,use,used,www,http,https,com}'::text[])
$$;

-- The words of a comment for the word rollup: lower-cased runs of letters (apostrophes
-- kept inside words), 3 to 30 letters, stop words dropped, each word once.
CREATE FUNCTION rollup_words(body text) RETURNS SETOF text LANGUAGE sql IMMUTABLE AS $$
  SELECT DISTINCT w
  FROM (SELECT btrim(replace(t, '’', ''''), '''') AS w FROM regexp_split_to_table(lower(body), '[^[:alpha:]''’]+') AS t) AS x
  WHERE length(w) BETWEEN 3 AND 30 AND NOT rollup_is_stopword(w)
$$;

CREATE TYPE rollup_comment_fact AS (
  sign integer, day date, source_id integer, section text, thread_id integer, commenter_id integer,
  removed boolean, flagged boolean, open boolean
);

CREATE TYPE rollup_score_fact AS (
  sign integer, day date, source_id integer, section text, thread_id integer, model text, model_version text,
  sentiment double precision, negative boolean, positive boolean, uncivil boolean, attributes jsonb, body text
);

CREATE TYPE rollup_decision_fact AS (
  sign integer, day date, source_id integer, section text, action text, latency_bucket smallint,
  entered boolean, left_queue boolean
);

-- Fact builders: the contribution of one row, from the comment (and score or decision) as given.
CREATE FUNCTION rollup_comment_fact_of(sign integer, c comment, section text, tz text)
RETURNS rollup_comment_fact LANGUAGE sql STABLE AS $$
  SELECT ROW(sign, (c.posted_at AT TIME ZONE tz)::date, c.source_id, coalesce(section, ''), c.thread_id, c.commenter_id,
    rollup_is_removed(c.mod_status, c.source_status), c.flagged_at IS NOT NULL,
    c.mod_status IN ('flagged', 'escalated'))::rollup_comment_fact
$$;

CREATE FUNCTION rollup_score_fact_of(sign integer, c comment, s score, section text, tz text)
RETURNS rollup_score_fact LANGUAGE sql STABLE AS $$
  SELECT ROW(sign, (c.posted_at AT TIME ZONE tz)::date, c.source_id, coalesce(section, ''), c.thread_id, s.model,
    s.model_version, s.sentiment, s.sentiment_label = 'negative', s.sentiment_label = 'positive', s.incivility >= 0.5,
    s.attributes, c.body)::rollup_score_fact
$$;

CREATE FUNCTION rollup_decision_fact_of(sign integer, d decision, c comment, section text, tz text)
RETURNS rollup_decision_fact LANGUAGE sql STABLE AS $$
  SELECT ROW(sign, (d.created_at AT TIME ZONE tz)::date, c.source_id, coalesce(section, ''), d.action::text,
    CASE WHEN d.action IN ('approve', 'reject', 'escalate')
      THEN rollup_latency_bucket(extract(epoch FROM d.created_at - c.posted_at)) ELSE -1 END,
    d.new_status IN ('flagged', 'escalated') AND d.previous_status NOT IN ('flagged', 'escalated'),
    d.previous_status IN ('flagged', 'escalated') AND d.new_status NOT IN ('flagged', 'escalated'))::rollup_decision_fact
$$;

-- Fact appliers: group the facts by the key of each rollup and append one delta row per key.
CREATE FUNCTION rollup_apply_comments(facts rollup_comment_fact[]) RETURNS void LANGUAGE sql AS $$
  WITH f AS MATERIALIZED (SELECT * FROM unnest(facts)),
  by_day AS (
    INSERT INTO rollup_day (day, source_id, section, comments, removed, flagged, open)
    SELECT day, source_id, section, sum(sign), sum(sign * removed::int), sum(sign * flagged::int), sum(sign * open::int)
    FROM f GROUP BY day, source_id, section
    HAVING (sum(sign), sum(sign * removed::int), sum(sign * flagged::int), sum(sign * open::int)) <> (0, 0, 0, 0)
  ),
  by_thread AS (
    INSERT INTO rollup_thread_day (day, thread_id, comments, removed, flagged)
    SELECT day, thread_id, sum(sign), sum(sign * removed::int), sum(sign * flagged::int)
    FROM f GROUP BY day, thread_id
    HAVING (sum(sign), sum(sign * removed::int), sum(sign * flagged::int)) <> (0, 0, 0)
  )
  INSERT INTO rollup_commenter_day (day, source_id, section, commenter_id, comments, flagged, removed)
  SELECT day, source_id, section, commenter_id, sum(sign), sum(sign * flagged::int), sum(sign * removed::int)
  FROM f WHERE commenter_id IS NOT NULL GROUP BY day, source_id, section, commenter_id
  HAVING (sum(sign), sum(sign * flagged::int), sum(sign * removed::int)) <> (0, 0, 0)
$$;

CREATE FUNCTION rollup_apply_scores(facts rollup_score_fact[]) RETURNS void LANGUAGE sql AS $$
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
    SELECT day, source_id, section, model, model_version, least(19, greatest(0, floor((sentiment + 1) * 10)))::smallint, sum(sign)
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

CREATE FUNCTION rollup_apply_decisions(facts rollup_decision_fact[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO rollup_decision_day (day, source_id, section, action, latency_bucket, decisions, entered_queue, left_queue)
  SELECT day, source_id, section, action, latency_bucket, sum(sign), sum(sign * entered::int), sum(sign * left_queue::int)
  FROM unnest(facts) GROUP BY 1, 2, 3, 4, 5
  HAVING (sum(sign), sum(sign * entered::int), sum(sign * left_queue::int)) <> (0, 0, 0)
$$;

-- Trigger functions. Statement-level ones run their queries through EXECUTE: a cached
-- plan would be made for the first (often tiny) transition table and then nest-loop over
-- thousands of rows; planning each statement anew costs well under a millisecond.

-- comment: insert / update (statement level, transition tables) and delete.
CREATE FUNCTION rollup_on_comment_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE tz text := rollup_timezone();
BEGIN
  EXECUTE $sql$SELECT rollup_apply_comments(ARRAY(
    SELECT rollup_comment_fact_of(1, n, t.section, $1)
    FROM new_rows n JOIN thread t ON t.id = n.thread_id WHERE n.kind = 'comment'))$sql$ USING tz;
  RETURN NULL;
END $$;

CREATE FUNCTION rollup_on_comment_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE tz text := rollup_timezone();
BEGIN
  -- Only what a rollup reads: moderation changes skip the score rollups entirely.
  EXECUTE $sql$SELECT rollup_apply_comments(ARRAY(
    SELECT rollup_comment_fact_of(x.sign, x.c, t.section, $1)
    FROM old_rows o JOIN new_rows n ON n.id = o.id,
      LATERAL (VALUES (-1, o::comment), (1, n::comment)) AS x(sign, c)
      JOIN thread t ON t.id = (x.c).thread_id
    WHERE (x.c).kind = 'comment'
      AND (o.posted_at, o.source_id, o.thread_id, o.commenter_id, o.kind, o.mod_status, o.source_status, o.flagged_at IS NULL)
        IS DISTINCT FROM (n.posted_at, n.source_id, n.thread_id, n.commenter_id, n.kind, n.mod_status, n.source_status, n.flagged_at IS NULL)))$sql$ USING tz;
  EXECUTE $sql$SELECT rollup_apply_scores(ARRAY(
    SELECT rollup_score_fact_of(x.sign, x.c, s, t.section, $1)
    FROM old_rows o JOIN new_rows n ON n.id = o.id
      JOIN score s ON s.comment_id = n.id,
      LATERAL (VALUES (-1, o::comment), (1, n::comment)) AS x(sign, c)
      JOIN thread t ON t.id = (x.c).thread_id
    WHERE (x.c).kind = 'comment'
      AND (o.posted_at, o.source_id, o.thread_id, o.kind, o.body)
        IS DISTINCT FROM (n.posted_at, n.source_id, n.thread_id, n.kind, n.body)))$sql$ USING tz;
  RETURN NULL;
END $$;

-- Row level and before the delete: the scores (removed by cascade) still exist here.
CREATE FUNCTION rollup_on_comment_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE tz text := rollup_timezone();
BEGIN
  IF OLD.kind = 'comment' THEN
    PERFORM rollup_apply_comments(ARRAY(
      SELECT rollup_comment_fact_of(-1, OLD, t.section, tz) FROM thread t WHERE t.id = OLD.thread_id));
    PERFORM rollup_apply_scores(ARRAY(
      SELECT rollup_score_fact_of(-1, OLD, s, t.section, tz)
      FROM score s JOIN thread t ON t.id = OLD.thread_id WHERE s.comment_id = OLD.id));
    PERFORM rollup_apply_decisions(ARRAY(
      SELECT rollup_decision_fact_of(-1, d, OLD, t.section, tz)
      FROM decision d JOIN thread t ON t.id = OLD.thread_id WHERE d.comment_id = OLD.id AND d.applied));
  END IF;
  RETURN OLD;
END $$;

-- score: insert / update / delete. A score whose comment is already gone was counted
-- out by rollup_on_comment_delete.
CREATE FUNCTION rollup_on_score_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE tz text := rollup_timezone();
BEGIN
  IF TG_OP = 'INSERT' THEN
    EXECUTE $sql$SELECT rollup_apply_scores(ARRAY(
      SELECT rollup_score_fact_of(1, c, n, t.section, $1)
      FROM new_rows n JOIN comment c ON c.id = n.comment_id JOIN thread t ON t.id = c.thread_id
      WHERE c.kind = 'comment'))$sql$ USING tz;
  ELSIF TG_OP = 'UPDATE' THEN
    EXECUTE $sql$SELECT rollup_apply_scores(ARRAY(
      SELECT rollup_score_fact_of(x.sign, c, x.s, t.section, $1)
      FROM old_rows o JOIN new_rows n ON n.id = o.id,
        LATERAL (VALUES (-1, o::score), (1, n::score)) AS x(sign, s)
        JOIN comment c ON c.id = (x.s).comment_id JOIN thread t ON t.id = c.thread_id
      WHERE c.kind = 'comment'
        AND (o.comment_id, o.model, o.model_version, o.sentiment, o.sentiment_label, o.incivility, o.attributes)
          IS DISTINCT FROM (n.comment_id, n.model, n.model_version, n.sentiment, n.sentiment_label, n.incivility, n.attributes)))$sql$ USING tz;
  ELSE
    EXECUTE $sql$SELECT rollup_apply_scores(ARRAY(
      SELECT rollup_score_fact_of(-1, c, o, t.section, $1)
      FROM old_rows o JOIN comment c ON c.id = o.comment_id JOIN thread t ON t.id = c.thread_id
      WHERE c.kind = 'comment'))$sql$ USING tz;
  END IF;
  RETURN NULL;
END $$;

-- decision: the log is append-only, but an edited or deleted row is still counted right.
CREATE FUNCTION rollup_on_decision_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE tz text := rollup_timezone();
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    EXECUTE $sql$SELECT rollup_apply_decisions(ARRAY(
      SELECT rollup_decision_fact_of(-1, o, c, t.section, $1)
      FROM old_rows o JOIN comment c ON c.id = o.comment_id JOIN thread t ON t.id = c.thread_id
      WHERE o.applied AND c.kind = 'comment'))$sql$ USING tz;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    EXECUTE $sql$SELECT rollup_apply_decisions(ARRAY(
      SELECT rollup_decision_fact_of(1, n, c, t.section, $1)
      FROM new_rows n JOIN comment c ON c.id = n.comment_id JOIN thread t ON t.id = c.thread_id
      WHERE n.applied AND c.kind = 'comment'))$sql$ USING tz;
  END IF;
  RETURN NULL;
END $$;

-- thread: a new section moves the comments, scores and decisions to it.
CREATE FUNCTION rollup_on_thread_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE tz text := rollup_timezone();
BEGIN
  PERFORM 1 FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE o.section IS DISTINCT FROM n.section LIMIT 1;
  IF NOT FOUND THEN RETURN NULL; END IF;
  EXECUTE $sql$SELECT rollup_apply_comments(ARRAY(
    SELECT rollup_comment_fact_of(x.sign, c, x.section, $1)
    FROM old_rows o JOIN new_rows n ON n.id = o.id AND o.section IS DISTINCT FROM n.section
      JOIN comment c ON c.thread_id = n.id,
      LATERAL (VALUES (-1, o.section), (1, n.section)) AS x(sign, section)
    WHERE c.kind = 'comment'))$sql$ USING tz;
  EXECUTE $sql$SELECT rollup_apply_scores(ARRAY(
    SELECT rollup_score_fact_of(x.sign, c, s, x.section, $1)
    FROM old_rows o JOIN new_rows n ON n.id = o.id AND o.section IS DISTINCT FROM n.section
      JOIN comment c ON c.thread_id = n.id JOIN score s ON s.comment_id = c.id,
      LATERAL (VALUES (-1, o.section), (1, n.section)) AS x(sign, section)
    WHERE c.kind = 'comment'))$sql$ USING tz;
  EXECUTE $sql$SELECT rollup_apply_decisions(ARRAY(
    SELECT rollup_decision_fact_of(x.sign, d, c, x.section, $1)
    FROM old_rows o JOIN new_rows n ON n.id = o.id AND o.section IS DISTINCT FROM n.section
      JOIN comment c ON c.thread_id = n.id JOIN decision d ON d.comment_id = c.id AND d.applied,
      LATERAL (VALUES (-1, o.section), (1, n.section)) AS x(sign, section)
    WHERE c.kind = 'comment'))$sql$ USING tz;
  RETURN NULL;
END $$;

-- Recomputes every rollup from the rows (after a time zone change, or to repair). Writers
-- wait while it runs; readers do not. Works in slices of comment ids to bound memory.
CREATE FUNCTION rollup_rebuild() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  tz text := rollup_timezone();
  slice integer := 20000;
  low integer := 0;
  top integer;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('rollup_compact'));
  LOCK TABLE comment, score, decision, thread IN SHARE MODE;
  DELETE FROM rollup_day; DELETE FROM rollup_day_score; DELETE FROM rollup_sentiment_bin;
  DELETE FROM rollup_attribute_day; DELETE FROM rollup_thread_day; DELETE FROM rollup_thread_day_score;
  DELETE FROM rollup_commenter_day; DELETE FROM rollup_word_day; DELETE FROM rollup_decision_day;
  SELECT coalesce(max(id), 0) INTO top FROM comment;
  WHILE low < top LOOP
    PERFORM rollup_apply_comments(ARRAY(
      SELECT rollup_comment_fact_of(1, c, t.section, tz)
      FROM comment c JOIN thread t ON t.id = c.thread_id
      WHERE c.id > low AND c.id <= low + slice AND c.kind = 'comment'));
    PERFORM rollup_apply_scores(ARRAY(
      SELECT rollup_score_fact_of(1, c, s, t.section, tz)
      FROM comment c JOIN thread t ON t.id = c.thread_id JOIN score s ON s.comment_id = c.id
      WHERE c.id > low AND c.id <= low + slice AND c.kind = 'comment'));
    PERFORM rollup_apply_decisions(ARRAY(
      SELECT rollup_decision_fact_of(1, d, c, t.section, tz)
      FROM comment c JOIN thread t ON t.id = c.thread_id JOIN decision d ON d.comment_id = c.id AND d.applied
      WHERE c.id > low AND c.id <= low + slice AND c.kind = 'comment'));
    low := low + slice;
  END LOOP;
  PERFORM rollup_compact();
END $$;

-- Merges the delta rows of each key into one row and drops keys that sum to nothing.
-- Rows of transactions still in flight are not visible here and stay as they are.
CREATE FUNCTION rollup_compact_table(tbl text, keys text[], measures text[], count_column text)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  key_list text := array_to_string(keys, ', ');
  merged bigint;
BEGIN
  EXECUTE format(
    'WITH dup AS (SELECT %2$s FROM %1$I GROUP BY %2$s HAVING count(*) > 1 OR sum(%3$I) = 0),
     gone AS (DELETE FROM %1$I r USING dup WHERE (%4$s) = (%5$s) RETURNING r.*),
     merged AS (INSERT INTO %1$I (%2$s, %6$s) SELECT %2$s, %7$s FROM gone GROUP BY %2$s HAVING sum(%3$I) <> 0 RETURNING 1)
     SELECT count(*) FROM gone',
    tbl, key_list, count_column,
    (SELECT string_agg(format('r.%I', k), ', ') FROM unnest(keys) AS k),
    (SELECT string_agg(format('dup.%I', k), ', ') FROM unnest(keys) AS k),
    array_to_string(measures, ', '),
    (SELECT string_agg(format('sum(%I)', m), ', ') FROM unnest(measures) AS m))
  INTO merged;
  RETURN merged;
END $$;

CREATE FUNCTION rollup_compact() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE total bigint := 0;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('rollup_compact')) THEN RETURN 0; END IF;
  total := total + rollup_compact_table('rollup_day', '{day,source_id,section}', '{comments,removed,flagged,open}', 'comments');
  total := total + rollup_compact_table('rollup_day_score', '{day,source_id,section,model,model_version}', '{scored,negative,positive,uncivil,sentiment_sum}', 'scored');
  total := total + rollup_compact_table('rollup_sentiment_bin', '{day,source_id,section,model,model_version,bin}', '{comments}', 'comments');
  total := total + rollup_compact_table('rollup_attribute_day', '{day,source_id,section,model,model_version,attribute}', '{scored,present,score_sum}', 'scored');
  total := total + rollup_compact_table('rollup_thread_day', '{day,thread_id}', '{comments,removed,flagged}', 'comments');
  total := total + rollup_compact_table('rollup_thread_day_score', '{day,thread_id,model,model_version}', '{scored,negative,uncivil,sentiment_sum}', 'scored');
  total := total + rollup_compact_table('rollup_commenter_day', '{day,source_id,section,commenter_id}', '{comments,flagged,removed}', 'comments');
  total := total + rollup_compact_table('rollup_word_day', '{day,source_id,section,model,model_version,word}', '{comments,negative,uncivil}', 'comments');
  total := total + rollup_compact_table('rollup_decision_day', '{day,source_id,section,action,latency_bucket}', '{decisions,entered_queue,left_queue}', 'decisions');
  RETURN total;
END $$;

CREATE FUNCTION rollup_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM rollup_rebuild();
  RETURN NULL;
END $$;

CREATE TRIGGER rollup_comment_insert AFTER INSERT ON comment
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_on_comment_insert();
CREATE TRIGGER rollup_comment_update AFTER UPDATE ON comment
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_on_comment_update();
CREATE TRIGGER rollup_comment_delete BEFORE DELETE ON comment
  FOR EACH ROW EXECUTE FUNCTION rollup_on_comment_delete();
CREATE TRIGGER rollup_score_insert AFTER INSERT ON score
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_on_score_change();
CREATE TRIGGER rollup_score_update AFTER UPDATE ON score
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_on_score_change();
CREATE TRIGGER rollup_score_delete AFTER DELETE ON score
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_on_score_change();
CREATE TRIGGER rollup_decision_insert AFTER INSERT ON decision
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_on_decision_change();
CREATE TRIGGER rollup_decision_update AFTER UPDATE ON decision
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_on_decision_change();
CREATE TRIGGER rollup_decision_delete AFTER DELETE ON decision
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_on_decision_change();
CREATE TRIGGER rollup_thread_update AFTER UPDATE ON thread
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollup_on_thread_update();
CREATE TRIGGER rollup_comment_truncate AFTER TRUNCATE ON comment FOR EACH STATEMENT EXECUTE FUNCTION rollup_on_truncate();
CREATE TRIGGER rollup_score_truncate AFTER TRUNCATE ON score FOR EACH STATEMENT EXECUTE FUNCTION rollup_on_truncate();
CREATE TRIGGER rollup_decision_truncate AFTER TRUNCATE ON decision FOR EACH STATEMENT EXECUTE FUNCTION rollup_on_truncate();

-- Rollups for the rows already there.
SELECT rollup_rebuild();
