import "server-only";
import { Readable } from "node:stream";
import type { PublicUser } from "@/lib/auth/users";
import { CONTENT_TYPES, exportChunks, reportFileName, toReadableStream } from "./export";
import { openReportExportFile } from "./export-jobs";
import { reportRequestFromSearch, type ReportFormat } from "./filters";
import { renderPdfReport } from "./pdf/document";
import { getTimezone } from "@/lib/analytics/timezone";

/**
 * Answers a report download (CSV, JSON lines or PDF) from a request's query string,
 * streamed as it is produced. Invalid parameters throw a ZodError (422 in withRole).
 */
export async function reportResponse(request: Request, user: PublicUser, via: "ui" | "api", defaults: { format?: ReportFormat } = {}): Promise<Response> {
  const report = reportRequestFromSearch(new URL(request.url).searchParams, defaults);
  const timeZone = await getTimezone();
  const audit = { userId: user.id, via };
  const chunks = report.format === "pdf" ? renderPdfReport(report, { ...audit, who: user.email }) : exportChunks(report, audit);
  return new Response(toReadableStream(chunks), {
    headers: {
      "content-type": CONTENT_TYPES[report.format],
      "content-disposition": `attachment; filename="${reportFileName(report, new Date(), timeZone)}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}

/**
 * Streams a finished background export to its requester (or an admin): 404 for anyone
 * else or no such job, 409 while it is not done, 410 once its file is no longer kept.
 */
export async function exportFileResponse(id: string, user: PublicUser): Promise<Response> {
  const file = await openReportExportFile(id, user);
  return new Response(Readable.toWeb(file.stream) as ReadableStream<Uint8Array>, {
    headers: {
      "content-type": file.contentType,
      "content-length": String(file.bytes),
      "content-disposition": `attachment; filename="${file.fileName}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
