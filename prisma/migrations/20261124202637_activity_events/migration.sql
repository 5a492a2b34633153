-- CreateTable
CREATE TABLE "activity_event" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER,
    "via" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "activity_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "activity_event_created_at_idx" ON "activity_event"("created_at");

-- AddForeignKey
ALTER TABLE "activity_event" ADD CONSTRAINT "activity_event_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
