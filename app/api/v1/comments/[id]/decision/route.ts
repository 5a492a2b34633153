import { NextResponse } from "next/server";
import { withRole } from "@/lib/auth/guard";
import { decideComment, decisionSchema } from "@/lib/moderation";
import { idParamSchema, jsonBody } from "@/lib/http";

type Context = { params: Promise<{ id: string }> };

/**
 * POST /api/v1/comments/:id/decision {action, reason?, note?, expectedVersion}
 * → 200 with the new state, 409 when the comment changed since expectedVersion, 422 on invalid input.
 */
export const POST = withRole<Context>("moderate", async (request, { params, user }) => {
  const { id } = idParamSchema.parse(await params);
  const input = decisionSchema.parse(await jsonBody(request));
  return NextResponse.json(await decideComment(id, input, { userId: user.id, via: "api" }));
});
