import { withRole } from "@/lib/auth/guard";
import { exportJobIdSchema } from "@/lib/reports/export-jobs";
import { exportFileResponse } from "@/lib/reports/respond";

type Context = { params: Promise<{ id: string }> };

/** GET /api/v1/reports/jobs/:id/file — the finished export as a download. */
export const GET = withRole<Context>("export", async (request, { params, user }) => {
  const { id } = exportJobIdSchema.parse(await params);
  return exportFileResponse(request, id, user);
});
