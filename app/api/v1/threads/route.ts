import { NextResponse } from "next/server";
import { withRole } from "@/lib/auth/guard";
import { listThreads, threadListQuerySchema } from "@/lib/moderation";
import { searchParamsOf } from "@/lib/http";

/** GET /api/v1/threads?q=&source=&state=all|open|flagged|premoderated|closed&page= — most recently commented first. */
export const GET = withRole("moderate", async (request) =>
  NextResponse.json(await listThreads(threadListQuerySchema.parse(searchParamsOf(request)))),
);
