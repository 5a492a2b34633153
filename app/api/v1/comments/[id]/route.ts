import { NextResponse } from "next/server";
import { withRole } from "@/lib/auth/guard";
import { getComment } from "@/lib/moderation";
import { idParamSchema } from "@/lib/http";

type Context = { params: Promise<{ id: string }> };

/** GET /api/v1/comments/:id — one comment with its score and decision history. */
export const GET = withRole<Context>("moderate", async (_request, { params }) => {
  const { id } = idParamSchema.parse(await params);
  return NextResponse.json(await getComment(id));
});
