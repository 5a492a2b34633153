import { withRole } from "@/lib/auth/guard";
import { queuePageJson } from "@/lib/moderation";
import { searchParamsOf } from "@/lib/http";

/** GET /api/v1/queue?status=flagged&source=&thread=&commenter=&author=&text=&attribute=&min=&max=&from=&to=&reason=&after=&limit= */
export const GET = withRole(
  "moderate",
  async (request) => new Response(await queuePageJson(searchParamsOf(request)), { headers: { "content-type": "application/json" } }),
);
