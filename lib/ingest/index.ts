export { importFiles } from "./import-files";
export type { ImportSummary, FileSummary, Rejected, ImportOptions } from "./import-files";
export { ImportWriter, canonicalUrl } from "./writer";
export { parseTextPage } from "./text-page";
export { inferReplies } from "./reply-inference";
export { FORMATS, type Format } from "./detect";
export type { ParsedComment, ParsedFile, ParsedThread, SourceInfo } from "./types";
export { ImportRejection } from "./types";
