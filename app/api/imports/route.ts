import { NextResponse } from "next/server";
import { withRole } from "@/lib/auth/guard";
import { listRuns } from "@/lib/ingest/runs";
import { importUpload, uploadQuerySchema } from "@/lib/ingest/upload";
import { vacuumAfterImport } from "@/lib/jobs";

export const dynamic = "force-dynamic";

/** The latest import runs with their counts, notes, orphans and errors: GET /api/imports. */
export const GET = withRole("import", async () => NextResponse.json({ runs: await listRuns(50) }));

/**
 * Imports one file sent as the raw request body: POST /api/imports?name=export.xml[&format=disqus].
 * 200 with the file's summary; 422 with file, line and reason when the importer rejects it;
 * 413 past the upload limit.
 */
export const POST = withRole("import", async (request, { user }) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const query = uploadQuerySchema.parse({ name: params.name, format: params.format || undefined });
  const length = request.headers.get("content-length");
  const result = await importUpload(request.body, length ? Number(length) : null, query, user.id);
  if (result.ok) await vacuumAfterImport(result.summary);
  return result.ok ? NextResponse.json({ summary: result.summary }) : NextResponse.json({ rejected: result.rejected }, { status: 422 });
});
