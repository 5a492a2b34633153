-- AlterTable
ALTER TABLE "thread" ADD COLUMN     "premoderated_at" TIMESTAMPTZ(3);

-- Threads already pre-moderated: since the last time the activity log saw it begin. Where it has no
-- such entry the column stays empty, and pre-moderation holds all the thread's comments, as before.
UPDATE "thread" t SET "premoderated_at" = e.at
FROM (
  SELECT substring(subject FROM 8)::int AS thread_id, max(created_at) AS at
  FROM "activity_event"
  WHERE action = 'pre-moderated a thread' AND subject ~ '^thread [0-9]{1,9}$'
  GROUP BY 1
) e
WHERE t.id = e.thread_id AND t.premoderated;
