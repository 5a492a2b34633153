import { NextResponse } from "next/server";
import { withRole } from "@/lib/auth/guard";
import { bulkRequestSchema, decideBulk } from "@/lib/moderation";
import { jsonBody } from "@/lib/http";

/**
 * POST /api/v1/decisions/bulk
 * {action, reason?, note?, items: [{id, modVersion}]}  or  {action, …, filter: {…}, expectedCount, expectedDigest?}
 * → 200 {applied, conflicts, unchanged}: comments the decision would not change are left alone
 * and listed as unchanged; 409 when the filter now matches a different count.
 */
export const POST = withRole("moderate", async (request, { user }) => {
  const input = bulkRequestSchema.parse(await jsonBody(request));
  return NextResponse.json(await decideBulk(input, { userId: user.id, via: "api" }));
});
