import { NextResponse } from "next/server";
import { withRole } from "@/lib/auth/guard";
import { loadInsights, paramsFromSearch } from "@/lib/analytics";

/**
 * GET /api/v1/insights?from=&to=&source=&section=&bucket=&model=
 * The data behind the Insights page as JSON (same filters, same cache), for
 * newsroom dashboards and spreadsheets that read it directly.
 */
export const GET = withRole("viewInsights", async (request) =>
  NextResponse.json(await loadInsights(paramsFromSearch(new URL(request.url).searchParams))),
);
