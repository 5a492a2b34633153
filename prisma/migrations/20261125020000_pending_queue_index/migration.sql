-- The Pending tab (comments the source holds for approval) by priority. Its filter matches this
-- predicate word for word, so the planner reads these few rows instead of walking every unflagged
-- comment in priority order; the queue's tab counts use it on every page view.
CREATE INDEX "comment_pending_priority_id_idx" ON "comment"("priority", "id")
  WHERE "source_status" = 'pending' AND "kind" = 'comment' AND "mod_status" IN ('none', 'flagged');
