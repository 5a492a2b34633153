/**
 * Drill-down links from a chart to the comments behind it. The review queue takes
 * these filters (dates are newsroom-local days, both included); threads have their
 * own view.
 */
export type QueueDrill = {
  from?: string;
  to?: string;
  source?: string[];
  thread?: number;
  attribute?: string;
  commenter?: number;
};

/** What Insights counted: its filters beyond the queue's, so a drill-down finds the same comments. */
export type InsightsDrill = QueueDrill & {
  /** Sections chosen ("" = no section); null or empty = all. */
  sections?: string[] | null;
  /** "name@version" when the figures come from a model other than the active one. */
  model?: string;
};

export function queueUrl(drill: QueueDrill): string {
  const search = new URLSearchParams({ status: "all" });
  if (drill.thread !== undefined) search.set("thread", String(drill.thread));
  // The queue takes one source; with several chosen the link covers them all.
  if (drill.source?.length === 1) search.set("source", drill.source[0]!);
  if (drill.from) search.set("from", drill.from);
  if (drill.to) search.set("to", drill.to);
  if (drill.attribute) search.set("attribute", drill.attribute);
  if (drill.commenter !== undefined) search.set("commenter", String(drill.commenter));
  return `/queue?${search.toString()}`;
}

export function threadUrl(threadId: number): string {
  return `/threads/${threadId}`;
}

/**
 * The report builder's preview of the comments a chart counted, which every role may
 * open: comments only (Insights leaves pingbacks and trackbacks out), with the sections
 * and model of the chart.
 */
export function reportPreviewUrl(drill: InsightsDrill): string {
  const search = new URLSearchParams({ preview: "1" });
  if (drill.from) search.set("from", drill.from);
  if (drill.to) search.set("to", drill.to);
  for (const source of drill.source ?? []) search.append("source", source);
  for (const section of drill.sections ?? []) search.append("section", section);
  if (drill.thread !== undefined) search.append("thread", String(drill.thread));
  if (drill.attribute) search.append("attribute", drill.attribute);
  if (drill.model) search.set("model", drill.model);
  search.set("kind", "comment");
  return `/exports?${search.toString()}`;
}

/**
 * Whether the review queue shows exactly the comments of a drill-down: it reads the
 * active model, one source at most and no sections, and its attribute filter uses the
 * flag thresholds, where Insights counts an attribute at 50%.
 */
export function queueShowsSame(drill: InsightsDrill): boolean {
  return (drill.source?.length ?? 0) <= 1 && !drill.sections?.length && !drill.model && !drill.attribute;
}

/** Moderators drill into the review queue, where they can act, whenever it shows the same comments; else the report preview. */
export function drillUrl(drill: InsightsDrill, canModerate: boolean): string {
  return canModerate && queueShowsSame(drill) ? queueUrl(drill) : reportPreviewUrl(drill);
}

/** Where `drillUrl` leads, in words for the hint under a chart. */
export function drillTarget(drill: InsightsDrill, canModerate: boolean): string {
  return canModerate && queueShowsSame(drill) ? "in the review queue" : "in a report preview";
}
