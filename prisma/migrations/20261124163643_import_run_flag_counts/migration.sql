-- How many comments each import run flagged and unflagged. Null for runs recorded before
-- the counts were kept: the Imports page shows those as unknown rather than as none.
ALTER TABLE "import_run" ADD COLUMN     "flagged" INTEGER,
ADD COLUMN     "unflagged" INTEGER;
