import { NextResponse } from "next/server";
import { withRole } from "@/lib/auth/guard";
import { jsonBody } from "@/lib/http";
import { enqueueReportExport, listReportExports } from "@/lib/reports/export-jobs";
import { reportRequestSchema } from "@/lib/reports/filters";

/**
 * POST /api/v1/reports/jobs — queue a report export for the workers.
 * Body: {"format":"csv"|"jsonl"|"pdf","bom"?:bool,"filters":{"from"?,"to"?,"source"?:[…],"thread"?:[…],"status"?:[…],"sourceStatus"?:[…],"section"?:[…],"kind"?:[…],"attribute"?:[…],"model"?}}
 * Answers 202 with the job (its id names it in the routes below).
 */
export const POST = withRole("export", async (request, { user }) => {
  const report = reportRequestSchema.parse(await jsonBody(request));
  const job = await enqueueReportExport(report, { userId: user.id, via: "api" });
  return NextResponse.json(job, { status: 202, headers: { location: `/api/v1/reports/jobs/${job.id}` } });
});

/** GET /api/v1/reports/jobs — the caller's recent exports, newest first. */
export const GET = withRole("export", async (_request, { user }) => {
  return NextResponse.json({ jobs: await listReportExports(user) }, { headers: { "cache-control": "no-store" } });
});
