import { withRole } from "@/lib/auth/guard";
import { reportResponse } from "@/lib/reports/respond";

/** Downloads from the Exports page: GET /api/export?format=csv|jsonl|pdf[&bom=1][&from=…&to=…&source=…]. */
export const GET = withRole("export", async (request, { user }) => reportResponse(request, user, "ui"), { startsWork: true });
