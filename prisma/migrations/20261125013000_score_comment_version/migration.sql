-- Which read of the comment a score was computed from (its mod_version then). Scores are written
-- without locking the comments; a rescore that read a text just before an import changed it must
-- not store the old text's score over the new one, which the import wrote: the newer read wins.
ALTER TABLE "score" ADD COLUMN "comment_version" INTEGER NOT NULL DEFAULT 0;
