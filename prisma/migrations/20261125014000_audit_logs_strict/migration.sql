-- The one change the decision log allows is narrowed to what the erasure of a commenter does:
-- an existing note replaced by the erasure's placeholder (any note could be rewritten before).
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Nested, and through jsonb: an activity_event row has no note to name.
  IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'decision' THEN
    IF (to_jsonb(NEW) - 'note') = (to_jsonb(OLD) - 'note')
       AND to_jsonb(OLD) ->> 'note' IS NOT NULL
       AND to_jsonb(NEW) ->> 'note' = '[removed with the commenter''s data]' THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Only the erasure of a commenter may replace a decision''s note, with its placeholder.';
END
$$;

-- Accounts are deactivated, never deleted: deleting one would rewrite who made the logged
-- decisions and changes (SET NULL), which the logs refuse. Say so at the delete instead.
-- Added NOT VALID and validated by the next migration, in a transaction of its own: validating takes
-- a lock that lets decisions go on, where checking every row as the constraint is added would hold
-- them up on a large log.
ALTER TABLE "decision" DROP CONSTRAINT "decision_user_id_fkey";
ALTER TABLE "decision" ADD CONSTRAINT "decision_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE NOT VALID;
ALTER TABLE "activity_event" DROP CONSTRAINT "activity_event_user_id_fkey";
ALTER TABLE "activity_event" ADD CONSTRAINT "activity_event_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE NOT VALID;
