import { NextResponse } from "next/server";
import { z } from "zod";
import { withRole } from "@/lib/auth/guard";
import { getProgress } from "@/lib/jobs/progress";
import { NotFoundError } from "@/lib/errors";

type Context = { params: Promise<{ id: string }> };

/** GET /api/v1/jobs/:runId — progress of background work (done, total, state). */
export const GET = withRole<Context>("administer", async (_request, { params }) => {
  const { id } = z.object({ id: z.string().min(1).max(100) }).parse(await params);
  const progress = await getProgress(id);
  if (!progress) throw new NotFoundError(`no background run ${id}`);
  return NextResponse.json(progress);
});
