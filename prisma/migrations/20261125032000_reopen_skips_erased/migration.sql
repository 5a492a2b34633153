-- An erased comment is never put back in the queue by a change of its text: imports no longer
-- rewrite it (lib/ingest), and should anything else, its placeholder is not a text to review.
DROP TRIGGER comment_reopen_changed_text ON comment;
CREATE TRIGGER comment_reopen_changed_text BEFORE UPDATE OF body ON comment
  FOR EACH ROW
  WHEN (OLD.body IS DISTINCT FROM NEW.body AND OLD.mod_status IN ('approved', 'rejected')
    AND OLD.content_hash <> 'erased' AND NEW.content_hash <> 'erased')
  EXECUTE FUNCTION comment_reopen_changed_text();
