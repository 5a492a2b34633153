import { NextResponse } from "next/server";
import { z } from "zod";
import { dbText } from "@/lib/zod-fields";
import { withRole } from "@/lib/auth/guard";
import { followScoringChange } from "@/lib/jobs/scoring-change";
import { NotFoundError } from "@/lib/errors";

type Context = { params: Promise<{ id: string }> };

/** GET /api/v1/jobs/:runId — progress of background work (done, total, state). */
export const GET = withRole<Context>("administer", async (_request, { params }) => {
  const { id } = z.object({ id: dbText.min(1).max(100) }).parse(await params);
  // Any run's progress; a change of the scoring model whose worker is gone is reported failed.
  const progress = await followScoringChange(id);
  if (!progress) throw new NotFoundError(`no background run ${id}`);
  return NextResponse.json(progress);
});
