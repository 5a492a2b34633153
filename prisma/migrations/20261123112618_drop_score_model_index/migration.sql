-- DropIndex
DROP INDEX "score_model_model_version_idx";
