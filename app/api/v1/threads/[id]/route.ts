import { NextResponse } from "next/server";
import { getTimezone } from "@/lib/analytics";
import { withRole } from "@/lib/auth/guard";
import { getThread } from "@/lib/moderation";
import { idParamSchema } from "@/lib/http";

type Context = { params: Promise<{ id: string }> };

/** GET /api/v1/threads/:id — the thread as a tree with scores, decisions and timeline (newsroom hours or days). */
export const GET = withRole<Context>("moderate", async (_request, { params }) => {
  const { id } = idParamSchema.parse(await params);
  return NextResponse.json(await getThread(id, await getTimezone()));
});
