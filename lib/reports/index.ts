export { exportChunks, toReadableStream, CONTENT_TYPES } from "./export";
export {
  reportFiltersSchema, reportRequestSchema, reportRequestFromSearch, reportFiltersFromSearch, reportSearch, usableReportFilters,
  resolveReportFilters, REPORT_FORMATS, MOD_STATUSES, SOURCE_STATUSES,
} from "./filters";
export type { ReportFilters, ReportRequest, ReportFormat } from "./filters";
export { CSV_COLUMNS, exportRecords, type ExportRecord } from "./records";
export { renderPdfReport } from "./pdf/document";
export { previewReport, listReportChoices } from "./preview";
export { listExportRuns, exportLogQuerySchema, type ExportAudit } from "./runs";
export {
  enqueueReportExport, cancelReportExport, getReportExport, listReportExports, openReportExportFile, exportJobIdSchema, LARGE_REPORT_ROWS, RECENT_EXPORTS,
  type ReportExportJob, type ExportViewer,
} from "./export-jobs";
