/**
 * Insights for one article (thread) or one author (commenter); plain strings, safe in client
 * components. `model` ("name@version"): the figures come from a model other than the active one,
 * and the page opened should show the same. `range`: the days the figures linked from cover, so
 * the page opened counts the same comments (without it, the subject's whole history).
 */
type Range = { from?: string | null; to?: string | null };

function withParams(path: string, model?: string | null, range: Range = {}): string {
  const search = new URLSearchParams();
  if (range.from) search.set("from", range.from);
  if (range.to) search.set("to", range.to);
  if (model) search.set("model", model);
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

export const articleInsightsUrl = (threadId: number, model?: string | null, range?: Range) =>
  withParams(`/insights/articles/${threadId}`, model, range);
export const authorInsightsUrl = (commenterId: number, model?: string | null, range?: Range) =>
  withParams(`/insights/authors/${commenterId}`, model, range);
/** Back to Insights for the days and model a focus page shows. */
export const insightsUrl = (model?: string | null, range?: Range) => withParams("/insights", model, range);
