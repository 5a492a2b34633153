/**
 * The thread page at one comment: `comment` has the page show the comments around it when the
 * thread is too long to show whole, and the fragment scrolls to it.
 */
export function commentLink(threadId: number, commentId: number): string {
  return `/threads/${threadId}?comment=${commentId}#comment-${commentId}`;
}
