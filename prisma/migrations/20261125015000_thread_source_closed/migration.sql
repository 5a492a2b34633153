-- What the source last said of a thread being closed (Disqus exports say; most formats do not).
-- An import applies only a change of it, so a moderator's own close or reopen stands until the
-- source itself changes its mind. Threads stored before count as "open at the source": one a
-- moderator closed stays closed, and one the source closed is closed again by its next export.
ALTER TABLE "thread" ADD COLUMN "source_closed" BOOLEAN NOT NULL DEFAULT false;
