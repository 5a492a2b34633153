import "server-only";

export { loadInsights, type Insights, type Coverage } from "./insights";
export { paramsFromSearch, filtersToSearch, insightsParamsSchema, type InsightsFilters, type InsightsParams } from "./filters";
export { queueUrl, threadUrl } from "./drill";
export { getTimezone, setTimezone, localToday } from "./timezone";
export type { SeriesPoint, SentimentBin, AttributeRow, HeatBoard, CommenterBoard, WordBoard, Workload, Overview, ModelOption } from "./insights";
export { unscoredComments } from "./coverage";
