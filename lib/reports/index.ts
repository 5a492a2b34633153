export { exportChunks, exportRequestSchema, toReadableStream, CONTENT_TYPES, EXPORT_FORMATS } from "./export";
export type { ExportRequest } from "./export";
export { CSV_COLUMNS, type ExportRecord } from "./records";
