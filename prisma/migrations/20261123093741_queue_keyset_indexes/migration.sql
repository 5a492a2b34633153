-- DropIndex
DROP INDEX "comment_mod_status_priority_id_idx";

-- DropIndex
DROP INDEX "comment_posted_at_idx";

-- CreateIndex
CREATE INDEX "comment_mod_status_priority_id_idx" ON "comment"("mod_status", "priority", "id");

-- CreateIndex
CREATE INDEX "comment_mod_status_decided_at_id_idx" ON "comment"("mod_status", "decided_at", "id");

-- CreateIndex
CREATE INDEX "comment_posted_at_id_idx" ON "comment"("posted_at", "id");
