import { NextResponse } from "next/server";
import { z } from "zod";
import { dbText } from "@/lib/zod-fields";
import { withRole } from "@/lib/auth/guard";
import { followRun } from "@/lib/jobs/follow";
import { NotFoundError } from "@/lib/errors";

type Context = { params: Promise<{ id: string }> };

/** GET /api/v1/jobs/:runId — progress of background work (done, total, state). */
export const GET = withRole<Context>("administer", async (_request, { params }) => {
  const { id } = z.object({ id: dbText.min(1).max(100) }).parse(await params);
  const progress = await followRun(id);
  if (!progress) throw new NotFoundError(`no background run ${id}`);
  return NextResponse.json(progress);
});
