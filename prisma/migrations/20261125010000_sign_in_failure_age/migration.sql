-- Every sign-in attempt forgets the failures older than a day: by their age, not a scan of all of them.
CREATE INDEX "sign_in_failure_created_at_idx" ON "sign_in_failure"("created_at");
