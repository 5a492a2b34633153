import { NextResponse } from "next/server";
import { checkDatabase } from "@/lib/health";

/** Liveness and database reachability, without sign-in (for load balancers and monitors). */
export async function GET() {
  const database = await checkDatabase();
  return NextResponse.json(
    { status: database.ok ? "ok" : "degraded", database },
    { status: database.ok ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
