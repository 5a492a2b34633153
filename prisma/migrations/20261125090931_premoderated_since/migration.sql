-- AlterTable
ALTER TABLE "thread" ADD COLUMN     "premoderated_at" TIMESTAMPTZ(3);

-- Threads already pre-moderated: since the activity log saw it begin, the first "pre-moderated" entry
-- after the last "stopped" one (a second click logged the same entry again later). Where the log has no
-- such entry the column stays empty, and pre-moderation holds all the thread's comments, as before.
UPDATE "thread" t SET "premoderated_at" = e.at
FROM (
  SELECT p.thread_id, min(p.created_at) AS at
  FROM (
    SELECT substring(subject FROM 8)::int AS thread_id, subject, created_at
    FROM "activity_event"
    WHERE action = 'pre-moderated a thread' AND subject ~ '^thread [0-9]{1,9}$'
  ) p
  WHERE p.created_at > COALESCE((
    SELECT max(s.created_at) FROM "activity_event" s
    WHERE s.action = 'stopped pre-moderating a thread' AND s.subject = p.subject
  ), '-infinity')
  GROUP BY p.thread_id
) e
WHERE t.id = e.thread_id AND t.premoderated;
