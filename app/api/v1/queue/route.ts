import { NextResponse } from "next/server";
import { withRole } from "@/lib/auth/guard";
import { listQueue } from "@/lib/moderation";
import { searchParamsOf } from "@/lib/http";

/** GET /api/v1/queue?status=flagged&source=&thread=&commenter=&author=&attribute=&min=&max=&from=&to=&reason=&after=&limit= */
export const GET = withRole("moderate", async (request) => NextResponse.json(await listQueue(searchParamsOf(request))));
