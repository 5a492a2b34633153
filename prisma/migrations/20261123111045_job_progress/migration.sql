-- CreateTable
CREATE TABLE "job_progress" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "done" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "state" TEXT NOT NULL DEFAULT 'queued',
    "message" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "job_progress_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "job_progress_kind_started_at_idx" ON "job_progress"("kind", "started_at");
