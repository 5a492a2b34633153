import { NextResponse } from "next/server";
import { withRole } from "@/lib/auth/guard";
import { bulkRequestSchema, decideBulk } from "@/lib/moderation";
import { jsonBody } from "@/lib/http";

/**
 * POST /api/v1/decisions/bulk
 * {action, reason?, note?, items: [{id, modVersion}]}  or  {action, …, filter: {…}, expectedCount, expectedDigest?}
 * → 200 {applied, conflicts, unchanged, skipped}: comments the decision would not change are left
 * alone and listed as unchanged, decided ones (which take only restore) as skipped; 409 when the
 * filter now matches a different set; 503 when an import or another bulk decision holds them.
 */
export const POST = withRole("moderate", async (request, { user }) => {
  const input = bulkRequestSchema.parse(await jsonBody(request));
  return NextResponse.json(await decideBulk(input, { userId: user.id, via: "api" }));
});
