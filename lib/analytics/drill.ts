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
 * Roles without the review queue (editors, staff) drill into the report builder's
 * preview of the same comments instead, which every role may open.
 */
export function reportPreviewUrl(drill: QueueDrill): string {
  const search = new URLSearchParams({ preview: "1" });
  if (drill.from) search.set("from", drill.from);
  if (drill.to) search.set("to", drill.to);
  for (const source of drill.source ?? []) search.append("source", source);
  if (drill.thread !== undefined) search.append("thread", String(drill.thread));
  if (drill.attribute) search.append("attribute", drill.attribute);
  return `/exports?${search.toString()}`;
}

export function drillUrl(drill: QueueDrill, canModerate: boolean): string {
  return canModerate ? queueUrl(drill) : reportPreviewUrl(drill);
}
