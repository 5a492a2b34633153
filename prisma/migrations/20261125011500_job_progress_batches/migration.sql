-- The batches of a run already counted in its progress. A batch counts once, inside its own
-- transaction: a copy that commits again (its worker died after committing, before pg-boss
-- heard of it; or it outlasted its lease) scores again but does not count again.
CREATE TABLE "job_progress_batch" (
    "progress_id" TEXT NOT NULL,
    "batch" TEXT NOT NULL,

    CONSTRAINT "job_progress_batch_pkey" PRIMARY KEY ("progress_id", "batch")
);

ALTER TABLE "job_progress_batch" ADD CONSTRAINT "job_progress_batch_progress_id_fkey" FOREIGN KEY ("progress_id") REFERENCES "job_progress"("id") ON DELETE CASCADE ON UPDATE CASCADE;
