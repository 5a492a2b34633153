import { NextResponse } from "next/server";
import { z } from "zod";
import { dbText } from "@/lib/zod-fields";
import { withRole } from "@/lib/auth/guard";
import { followScoringChange } from "@/lib/jobs/scoring-change";
import { getProgress } from "@/lib/jobs/progress";
import { settleDeadRescore } from "@/lib/jobs/rescore";
import { NotFoundError } from "@/lib/errors";

type Context = { params: Promise<{ id: string }> };

/** GET /api/v1/jobs/:runId — progress of background work (done, total, state). */
export const GET = withRole<Context>("administer", async (_request, { params }) => {
  const { id } = z.object({ id: dbText.min(1).max(100) }).parse(await params);
  // Any run's progress; a change of the scoring model whose worker is gone is reported failed.
  // A rescore whose batch died on its last try is reported failed, not running for ever.
  if ((await getProgress(id))?.kind === "rescore") await settleDeadRescore(id);
  const progress = await followScoringChange(id);
  if (!progress) throw new NotFoundError(`no background run ${id}`);
  return NextResponse.json(progress);
});
