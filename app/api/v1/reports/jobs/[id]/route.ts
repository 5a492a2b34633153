import { NextResponse } from "next/server";
import { withRole } from "@/lib/auth/guard";
import { cancelReportExport, exportJobIdSchema, getReportExport } from "@/lib/reports/export-jobs";

type Context = { params: Promise<{ id: string }> };

/** GET /api/v1/reports/jobs/:id — state (queued, running, done, failed), rows written of the total, size, failure. */
export const GET = withRole<Context>("export", async (_request, { params, user }) => {
  const { id } = exportJobIdSchema.parse(await params);
  return NextResponse.json(await getReportExport(id, user), { headers: { "cache-control": "no-store" } });
});

/** DELETE /api/v1/reports/jobs/:id — cancels a queued or running export; 409 once it has finished. Answers its new state. */
export const DELETE = withRole<Context>("export", async (_request, { params, user }) => {
  const { id } = exportJobIdSchema.parse(await params);
  return NextResponse.json(await cancelReportExport(id, user));
});
