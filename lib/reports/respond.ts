import "server-only";
import type { PublicUser } from "@/lib/auth/users";
import { CONTENT_TYPES, exportChunks, reportFileName, toReadableStream } from "./export";
import { reportRequestFromSearch, type ReportFormat } from "./filters";
import { renderPdfReport } from "./pdf/document";

/**
 * Answers a report download (CSV, JSON lines or PDF) from a request's query string,
 * streamed as it is produced. Invalid parameters throw a ZodError (422 in withRole).
 */
export function reportResponse(request: Request, user: PublicUser, via: "ui" | "api", defaults: { format?: ReportFormat } = {}): Response {
  const report = reportRequestFromSearch(new URL(request.url).searchParams, defaults);
  const audit = { userId: user.id, via };
  const chunks = report.format === "pdf" ? renderPdfReport(report, { ...audit, who: user.email }) : exportChunks(report, audit);
  return new Response(toReadableStream(chunks), {
    headers: {
      "content-type": CONTENT_TYPES[report.format],
      "content-disposition": `attachment; filename="${reportFileName(report)}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
