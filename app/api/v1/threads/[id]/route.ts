import { NextResponse } from "next/server";
import { getTimezone } from "@/lib/analytics";
import { withRole } from "@/lib/auth/guard";
import { getThread } from "@/lib/moderation";
import { z } from "zod";
import { idParamSchema, searchParamsOf } from "@/lib/http";
import { dbIdText } from "@/lib/zod-fields";

type Context = { params: Promise<{ id: string }> };

const querySchema = z.object({ comment: dbIdText.optional() });

/**
 * GET /api/v1/threads/:id[?comment=ID] — the thread as a tree with scores, decisions and timeline
 * (newsroom hours or days); a thread of more than 2,000 comments is its first 2,000 (`offset` 0),
 * or the 2,000 around `comment`.
 */
export const GET = withRole<Context>("moderate", async (request, { params }) => {
  const { id } = idParamSchema.parse(await params);
  const { comment } = querySchema.parse(searchParamsOf(request));
  return NextResponse.json(await getThread(id, await getTimezone(), comment));
});
