-- The constraints the previous migration added NOT VALID, checked against the rows already there.
ALTER TABLE "decision" VALIDATE CONSTRAINT "decision_user_id_fkey";
ALTER TABLE "activity_event" VALIDATE CONSTRAINT "activity_event_user_id_fkey";
