-- AlterTable
ALTER TABLE "sign_in_failure" ADD COLUMN     "cleared_at" TIMESTAMPTZ(3);
