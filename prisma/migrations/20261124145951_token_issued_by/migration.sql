-- AlterTable
ALTER TABLE "api_token" ADD COLUMN     "issued_by_id" INTEGER;

-- AddForeignKey
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_issued_by_id_fkey" FOREIGN KEY ("issued_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
