import { NextResponse } from "next/server";
import { withRole } from "@/lib/auth/guard";
import { listAudit } from "@/lib/moderation";
import { searchParamsOf } from "@/lib/http";

/** GET /api/v1/audit?moderator=&action=&from=&to=&comment=&before=&limit= — newest first. */
export const GET = withRole("moderate", async (request) => NextResponse.json(await listAudit(searchParamsOf(request))));
