import { withRole } from "@/lib/auth/guard";
import { reportResponse } from "@/lib/reports/respond";

/**
 * Reports for API clients (bearer token): GET /api/v1/reports?format=csv|jsonl|pdf
 * &from=YYYY-MM-DD&to=YYYY-MM-DD&source=KEY&thread=ID&status=…&sourceStatus=…&section=…&kind=…&attribute=…&model=NAME@VERSION&bom=1
 */
export const GET = withRole("export", async (request, { user }) => reportResponse(request, user, "api"), { startsWork: true });
