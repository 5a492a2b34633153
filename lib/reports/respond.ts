import "server-only";
import type { PublicUser } from "@/lib/auth/users";
import { CONTENT_TYPES, exportChunks, toReadableStream } from "./export";
import { reportRequestFromSearch, type ReportFormat, type ReportRequest } from "./filters";
import { renderPdfReport } from "./pdf/document";

function fileName(request: ReportRequest): string {
  const f = request.filters;
  const range = f.from || f.to ? `${f.from ?? "start"}_to_${f.to ?? new Date().toISOString().slice(0, 10)}` : new Date().toISOString().slice(0, 10);
  return `${request.format === "pdf" ? "comment-report" : "comments"}-${range}.${request.format}`;
}

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
      "content-disposition": `attachment; filename="${fileName(report)}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
