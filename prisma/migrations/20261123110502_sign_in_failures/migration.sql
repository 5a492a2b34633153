-- CreateTable
CREATE TABLE "sign_in_failure" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sign_in_failure_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "sign_in_failure_email_created_at_idx" ON "sign_in_failure"("email", "created_at");

-- CreateIndex
CREATE INDEX "sign_in_failure_ip_created_at_idx" ON "sign_in_failure"("ip", "created_at");
