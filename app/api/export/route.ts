import { withRole } from "@/lib/auth/guard";
import { CONTENT_TYPES, exportChunks, exportRequestSchema, toReadableStream } from "@/lib/reports";

/** Streams every comment as CSV or JSON lines: GET /api/export?format=csv[&bom=1]. */
export const GET = withRole("export", async (request, { user }) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const exportRequest = exportRequestSchema.parse({ ...params, bom: params.bom === "1" || params.bom === "true" });
  const stamp = new Date().toISOString().slice(0, 10);
  const stream = toReadableStream(exportChunks(exportRequest, { userId: user.id, via: "ui" }));
  return new Response(stream, {
    headers: {
      "content-type": CONTENT_TYPES[exportRequest.format],
      "content-disposition": `attachment; filename="comments-${stamp}.${exportRequest.format}"`,
      "cache-control": "no-store",
    },
  });
});
