-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('admin', 'moderator', 'editor', 'staff');

-- CreateEnum
CREATE TYPE "SourceStatus" AS ENUM ('visible', 'deleted', 'spam', 'pending');

-- CreateEnum
CREATE TYPE "CommentKind" AS ENUM ('comment', 'pingback', 'trackback');

-- CreateEnum
CREATE TYPE "ModStatus" AS ENUM ('none', 'flagged', 'escalated', 'approved', 'rejected');

-- CreateEnum
CREATE TYPE "DecisionAction" AS ENUM ('flag', 'approve', 'reject', 'escalate', 'restore');

-- CreateEnum
CREATE TYPE "SentimentLabel" AS ENUM ('negative', 'neutral', 'positive');

-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('running', 'succeeded', 'rejected', 'failed');

-- CreateEnum
CREATE TYPE "WordListKind" AS ENUM ('banned', 'suspect');

-- CreateTable
CREATE TABLE "source" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "source_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "thread" (
    "id" SERIAL NOT NULL,
    "source_id" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "url" TEXT,
    "canonical_url" TEXT,
    "title" TEXT NOT NULL,
    "section" TEXT,
    "published_at" TIMESTAMPTZ(3),
    "closed" BOOLEAN NOT NULL DEFAULT false,
    "premoderated" BOOLEAN NOT NULL DEFAULT false,
    "claimed_by_id" INTEGER,
    "claimed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "thread_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "commenter" (
    "id" SERIAL NOT NULL,
    "source_id" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "email" TEXT,
    "ip" TEXT,
    "is_anonymous" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "commenter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "comment" (
    "id" SERIAL NOT NULL,
    "source_id" INTEGER NOT NULL,
    "thread_id" INTEGER NOT NULL,
    "source_comment_id" TEXT NOT NULL,
    "parent_id" INTEGER,
    "parent_source_id" TEXT,
    "parent_inferred" BOOLEAN NOT NULL DEFAULT false,
    "commenter_id" INTEGER,
    "author_name" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "body_html" TEXT,
    "posted_at" TIMESTAMPTZ(3) NOT NULL,
    "posted_at_estimated" BOOLEAN NOT NULL DEFAULT false,
    "source_status" "SourceStatus" NOT NULL DEFAULT 'visible',
    "kind" "CommentKind" NOT NULL DEFAULT 'comment',
    "content_hash" TEXT NOT NULL,
    "imported_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "mod_status" "ModStatus" NOT NULL DEFAULT 'none',
    "mod_version" INTEGER NOT NULL DEFAULT 0,
    "priority" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "flag_reasons" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "flagged_at" TIMESTAMPTZ(3),
    "decided_at" TIMESTAMPTZ(3),

    CONSTRAINT "comment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "score" (
    "id" SERIAL NOT NULL,
    "comment_id" INTEGER NOT NULL,
    "model" TEXT NOT NULL,
    "model_version" TEXT NOT NULL,
    "sentiment" DOUBLE PRECISION NOT NULL,
    "sentiment_label" "SentimentLabel" NOT NULL,
    "incivility" DOUBLE PRECISION NOT NULL,
    "attributes" JSONB NOT NULL DEFAULT '{}',
    "spans" JSONB NOT NULL DEFAULT '[]',
    "scored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "score_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "decision" (
    "id" SERIAL NOT NULL,
    "comment_id" INTEGER NOT NULL,
    "user_id" INTEGER,
    "action" "DecisionAction" NOT NULL,
    "reason" TEXT,
    "note" TEXT,
    "previous_status" "ModStatus" NOT NULL,
    "new_status" "ModStatus" NOT NULL,
    "previous_version" INTEGER NOT NULL,
    "applied" BOOLEAN NOT NULL DEFAULT true,
    "via" TEXT NOT NULL DEFAULT 'ui',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "import_run" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER,
    "file" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "status" "ImportStatus" NOT NULL DEFAULT 'running',
    "threads" INTEGER NOT NULL DEFAULT 0,
    "comments" INTEGER NOT NULL DEFAULT 0,
    "inserted" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "orphans" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "notes" JSONB NOT NULL DEFAULT '[]',
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "import_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "app_user" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "password_hash" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_login_at" TIMESTAMPTZ(3),

    CONSTRAINT "app_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_token" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_token_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "setting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "word_list_term" (
    "id" SERIAL NOT NULL,
    "kind" "WordListKind" NOT NULL,
    "term" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "word_list_term_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "export_run" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER,
    "format" TEXT NOT NULL,
    "filters" JSONB NOT NULL DEFAULT '{}',
    "row_count" INTEGER NOT NULL DEFAULT 0,
    "via" TEXT NOT NULL DEFAULT 'ui',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "export_run_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "source_key_key" ON "source"("key");

-- CreateIndex
CREATE INDEX "thread_canonical_url_idx" ON "thread"("canonical_url");

-- CreateIndex
CREATE UNIQUE INDEX "thread_source_id_key_key" ON "thread"("source_id", "key");

-- CreateIndex
CREATE UNIQUE INDEX "commenter_source_id_key_key" ON "commenter"("source_id", "key");

-- CreateIndex
CREATE INDEX "comment_mod_status_priority_id_idx" ON "comment"("mod_status", "priority" DESC, "id");

-- CreateIndex
CREATE INDEX "comment_thread_id_posted_at_idx" ON "comment"("thread_id", "posted_at");

-- CreateIndex
CREATE INDEX "comment_commenter_id_posted_at_idx" ON "comment"("commenter_id", "posted_at");

-- CreateIndex
CREATE INDEX "comment_posted_at_idx" ON "comment"("posted_at");

-- CreateIndex
CREATE INDEX "comment_parent_id_idx" ON "comment"("parent_id");

-- CreateIndex
CREATE UNIQUE INDEX "comment_source_id_source_comment_id_key" ON "comment"("source_id", "source_comment_id");

-- CreateIndex
CREATE INDEX "score_model_model_version_idx" ON "score"("model", "model_version");

-- CreateIndex
CREATE UNIQUE INDEX "score_comment_id_model_model_version_key" ON "score"("comment_id", "model", "model_version");

-- CreateIndex
CREATE INDEX "decision_comment_id_created_at_idx" ON "decision"("comment_id", "created_at");

-- CreateIndex
CREATE INDEX "decision_user_id_created_at_idx" ON "decision"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "decision_created_at_idx" ON "decision"("created_at");

-- CreateIndex
CREATE INDEX "import_run_started_at_idx" ON "import_run"("started_at");

-- CreateIndex
CREATE UNIQUE INDEX "app_user_email_key" ON "app_user"("email");

-- CreateIndex
CREATE UNIQUE INDEX "api_token_token_hash_key" ON "api_token"("token_hash");

-- CreateIndex
CREATE UNIQUE INDEX "word_list_term_kind_term_key" ON "word_list_term"("kind", "term");

-- CreateIndex
CREATE INDEX "export_run_created_at_idx" ON "export_run"("created_at");

-- AddForeignKey
ALTER TABLE "thread" ADD CONSTRAINT "thread_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "thread" ADD CONSTRAINT "thread_claimed_by_id_fkey" FOREIGN KEY ("claimed_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "commenter" ADD CONSTRAINT "commenter_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comment" ADD CONSTRAINT "comment_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comment" ADD CONSTRAINT "comment_thread_id_fkey" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comment" ADD CONSTRAINT "comment_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "comment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comment" ADD CONSTRAINT "comment_commenter_id_fkey" FOREIGN KEY ("commenter_id") REFERENCES "commenter"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "score" ADD CONSTRAINT "score_comment_id_fkey" FOREIGN KEY ("comment_id") REFERENCES "comment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "decision" ADD CONSTRAINT "decision_comment_id_fkey" FOREIGN KEY ("comment_id") REFERENCES "comment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "decision" ADD CONSTRAINT "decision_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "import_run" ADD CONSTRAINT "import_run_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "export_run" ADD CONSTRAINT "export_run_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

