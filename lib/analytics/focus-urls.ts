/** Insights for one article (thread) or one author (commenter); plain strings, safe in client components. */
export const articleInsightsUrl = (threadId: number) => `/insights/articles/${threadId}`;
export const authorInsightsUrl = (commenterId: number) => `/insights/authors/${commenterId}`;
