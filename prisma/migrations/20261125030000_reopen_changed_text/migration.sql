-- A re-import that changes the text of a comment a moderator approved or rejected puts it back in
-- the queue: the decision was about words that are gone. Saved pages number their comments by
-- position, so a comment removed from the page between two saves moves every later text (and its
-- author) onto its neighbour's row, where an approval would otherwise vouch for words nobody saw.
-- An escalated comment is still under review and stays so (its version changes with the text, so
-- a decision taken on the old words is refused). The erasure of a commenter's data writes the
-- placeholder text with the content hash 'erased' and is not a change to review.
-- BEFORE, so the logged decision is counted in the rollups with the comment as it was, and moved
-- with it by the comment's update trigger when the re-import also re-dates or moves it.
CREATE FUNCTION comment_reopen_changed_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO decision (comment_id, action, reason, previous_status, new_status, previous_version, via)
  VALUES (NEW.id, 'restore', 'text changed since decided', OLD.mod_status, 'flagged', OLD.mod_version, 'system');
  NEW.mod_status := 'flagged';
  NEW.flag_reasons := ARRAY['text changed since decided'];
  NEW.flagged_at := now();
  RETURN NEW;
END $$;

CREATE TRIGGER comment_reopen_changed_text BEFORE UPDATE OF body ON comment
  FOR EACH ROW
  WHEN (OLD.body IS DISTINCT FROM NEW.body AND OLD.mod_status IN ('approved', 'rejected') AND NEW.content_hash <> 'erased')
  EXECUTE FUNCTION comment_reopen_changed_text();
