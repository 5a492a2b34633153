import { NextResponse } from "next/server";
import { z } from "zod";
import { withRole } from "@/lib/auth/guard";
import { listRunPage, parseRunCursor } from "@/lib/ingest/runs";
import { checkScoringNotPaused, checkUpload, checkUploadSlot, importUpload, uploadQuerySchema } from "@/lib/ingest/upload";
import { vacuumAfterImport } from "@/lib/jobs";
import { importProgressStream, NDJSON } from "./progress-stream";

export const dynamic = "force-dynamic";

/**
 * The latest import runs with their counts, notes, orphans and errors: GET /api/imports,
 * 50 at a time; `next` is the `before` that gives the older ones (null when none are left).
 */
export const GET = withRole("import", async (request) => {
  const { before: raw } = z
    .object({ before: z.string().refine((v) => parseRunCursor(v) !== undefined, "before: a cursor from `next`").optional() })
    .parse({ before: new URL(request.url).searchParams.get("before") ?? undefined });
  return NextResponse.json(await listRunPage(parseRunCursor(raw)));
});

/**
 * Imports one file sent as the raw request body: POST /api/imports?name=export.xml[&format=disqus].
 * 200 with the file's summary; 422 with file, line and reason when the importer rejects it
 * (500 with `serverFault` when the server failed while importing it: nothing stored);
 * 413 past the upload limit. With `Accept: application/x-ndjson` the answer streams the
 * import's progress as JSON lines and ends with the outcome (progress-stream.ts).
 */
export const POST = withRole("import", async (request, { user }) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const query = uploadQuerySchema.parse({ name: params.name, format: params.format || undefined });
  const length = request.headers.get("content-length");
  const declared = length ? Number(length) : null;
  if (request.headers.get("accept")?.includes(NDJSON)) {
    // Refusals known before reading the body keep their HTTP status.
    checkUpload(query, declared);
    await checkScoringNotPaused();
    checkUploadSlot();
    return new Response(importProgressStream(request.body, declared, query, user.id), {
      // no-transform: compression would hold the lines back until its buffer fills; proxies are asked not to buffer.
      headers: { "content-type": NDJSON, "cache-control": "no-store, no-transform", "x-accel-buffering": "no", "x-content-type-options": "nosniff" },
    });
  }
  // A client that hangs up cancels the import (it rolls back at its next step).
  const result = await importUpload(request.body, declared, query, user.id, { signal: request.signal });
  if (result.ok) await vacuumAfterImport(result.summary);
  if (result.ok) return NextResponse.json({ summary: result.summary });
  // A refused file is the sender's to fix (422); a failure of the server is not (500).
  return NextResponse.json({ rejected: result.rejected }, { status: result.rejected.serverFault ? 500 : 422 });
});
