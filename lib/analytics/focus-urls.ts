/**
 * Insights for one article (thread) or one author (commenter); plain strings, safe in client
 * components. `model` ("name@version"): the figures come from a model other than the active one,
 * and the page opened should show the same.
 */
const withModel = (path: string, model?: string | null) => (model ? `${path}?model=${encodeURIComponent(model)}` : path);
export const articleInsightsUrl = (threadId: number, model?: string | null) => withModel(`/insights/articles/${threadId}`, model);
export const authorInsightsUrl = (commenterId: number, model?: string | null) => withModel(`/insights/authors/${commenterId}`, model);
