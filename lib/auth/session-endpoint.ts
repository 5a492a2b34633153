import "server-only";
import { errorResponse } from "./guard";
import { cookieUser } from "./session";

type Context = { params: Promise<{ nextauth: string[] }> };
type Handler = (request: Request, context: Context) => Promise<Response>;

/**
 * next-auth's own /api/auth/session (GET, and POST for its update call) answers from the cookie alone: a copy of a signed-out
 * session's cookie, or a deactivated user's, would still be told its name and email. Here that
 * endpoint first asks the database whether the session is open, as every page and API request does;
 * the other next-auth endpoints (csrf, providers, sign-in pages) pass through.
 */
export function sessionEndpoint(handler: Handler): Handler {
  return async (request, context) => {
    const { nextauth } = await context.params;
    if (nextauth.join("/") !== "session") return handler(request, context);
    try {
      if (!(await cookieUser())) return Response.json({}, { headers: { "cache-control": "no-store" } });
    } catch (err) {
      return errorResponse(err);
    }
    return handler(request, context);
  };
}
