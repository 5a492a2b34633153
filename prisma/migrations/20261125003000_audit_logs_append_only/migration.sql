-- The decision log and the activity log are the newsroom's audit trail: the application only ever
-- appends to them, and now the database holds it to that. The one change allowed is the erasure of
-- a commenter, which replaces moderators' notes on their comments (the notes may quote the person).
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'decision'
     AND (to_jsonb(NEW) - 'note') = (to_jsonb(OLD) - 'note') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Only a decision''s note may be replaced, by the erasure of a commenter.';
END
$$;

CREATE TRIGGER decision_append_only BEFORE UPDATE OR DELETE ON decision
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();

CREATE TRIGGER activity_event_append_only BEFORE UPDATE OR DELETE ON activity_event
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
