import "server-only";
import { forbidden, redirect } from "next/navigation";
import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { ConflictError, DATABASE_UNAVAILABLE, DomainError, invalidValueMessage, isDatabaseUnavailable } from "@/lib/errors";
import { can, type Capability } from "./roles";
import { getCurrentUser } from "./session";
import type { PublicUser } from "./users";

/**
 * For pages: the current user if their role has the capability. Signed-out visitors
 * are redirected to sign-in; signed-in users without the capability get a 403 page.
 */
/** A page's search params, as Next gives them. */
export type PageSearch = Record<string, string | string[] | undefined>;

/** The page's address with its query: signing in leads back to the same view (filters, position), not its bare path. */
export function withSearch(path: string, search?: PageSearch): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(search ?? {})) for (const v of [value ?? []].flat()) query.append(key, v);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

export async function requirePageUser(capability: Capability, path: string, search?: PageSearch): Promise<PublicUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/login?next=${encodeURIComponent(withSearch(path, search))}`);
  if (!can(user.role, capability)) forbidden();
  return user;
}

type Handler<C> = (request: Request, context: C & { user: PublicUser }) => Promise<Response>;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF defence for cookie-authenticated API requests: a write must say it comes from this site
 * (Origin, or Referer when Origin is absent). A read is refused when the browser says another
 * site sent it (Sec-Fetch-Site): its answer stays unreadable there. A read that starts work (a
 * report download, which streams the database and is logged in the user's name) must also not
 * come from a sibling site, and where the browser sends no Sec-Fetch-Site (it sends none to a
 * plain-HTTP site) it must carry this site's Referer, which this site's pages send and another
 * site's link or script cannot. Bearer-token clients are not browsers riding a cookie and need
 * no such proof.
 */
export function isCrossSite(request: Request, options: { startsWork?: boolean } = {}): boolean {
  if (request.headers.get("authorization")?.toLowerCase().startsWith("bearer ")) return false;
  if (SAFE_METHODS.has(request.method)) {
    const site = request.headers.get("sec-fetch-site");
    if (site) return site === "cross-site" || (options.startsWork === true && site === "same-site");
    if (!options.startsWork) return false;
    return !fromThisHost(request, request.headers.get("referer"));
  }
  return !fromThisHost(request, request.headers.get("origin") ?? request.headers.get("referer"));
}

function fromThisHost(request: Request, claimed: string | null): boolean {
  if (!claimed) return false;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? new URL(request.url).host;
  try {
    return new URL(claimed).host === host;
  } catch {
    return false;
  }
}

/**
 * For route handlers: 401 without a session or token, 403 for a role without the
 * capability; zod errors → 422, domain errors → their status, anything else → 500.
 */
export function withRole<C = unknown>(capability: Capability, handler: Handler<C>, options: { startsWork?: boolean } = {}) {
  return async (request: Request, context: C): Promise<Response> => {
    try {
      const user = await getCurrentUser();
      if (!user) return NextResponse.json({ error: "sign in required" }, { status: 401 });
      if (!can(user.role, capability)) {
        return NextResponse.json({ error: "your role may not do this" }, { status: 403 });
      }
      if (isCrossSite(request, options)) {
        return NextResponse.json({ error: "cross-site request refused" }, { status: 403 });
      }
      return await handler(request, { ...context, user });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

export function errorResponse(err: unknown): Response {
  const { status, body } = errorPayload(err);
  return NextResponse.json(body, { status, headers: status === 503 ? { "retry-after": "5" } : undefined });
}

/**
 * The status and JSON body an error answers with (logged when unexpected); also for
 * responses that have already started, such as a streamed import, which carry it last.
 */
export function errorPayload(err: unknown): { status: number; body: { error: string } & Record<string, unknown> } {
  if (err instanceof ZodError) return { status: 422, body: { error: "invalid input", issues: err.issues } };
  if (err instanceof DomainError) {
    const body: { error: string } & Record<string, unknown> = { error: err.message };
    if ("current" in err && err.current !== undefined) body.current = err.current;
    return { status: err.status, body };
  }
  if (isDatabaseUnavailable(err)) {
    console.error("[api] database unavailable:", err instanceof Error ? err.message : err);
    return { status: 503, body: { error: DATABASE_UNAVAILABLE } };
  }
  const invalid = invalidValueMessage(err);
  if (invalid) {
    console.error("[api] a value the database refused:", invalid);
    return { status: 422, body: { error: `invalid input: ${invalid}` } };
  }
  console.error("[api] unexpected error:", err instanceof Error ? err.stack : err);
  return { status: 500, body: { error: "internal error" } };
}

/** `current`: on a conflict, the state the record is in now (as the API's 409 body carries it). */
/** `fields`: on invalid input, the first problem of each named field, so a form can mark and describe its input. */
export type ActionResult<T> = { ok: true; data: T } | { ok: false; status: number; error: string; current?: unknown; fields?: Record<string, string> };

/**
 * For server actions: the same checks as withRole, returning a plain result object
 * the client can show (server actions cannot answer with an HTTP status).
 */
export function actionWithRole<A extends unknown[], T>(
  capability: Capability,
  action: (user: PublicUser, ...args: A) => Promise<T>,
) {
  return async (...args: A): Promise<ActionResult<T>> => {
    try {
      const user = await getCurrentUser();
      if (!user) return { ok: false, status: 401, error: "sign in required" };
      if (!can(user.role, capability)) return { ok: false, status: 403, error: "your role may not do this" };
      return { ok: true, data: await action(user, ...args) };
    } catch (err) {
      if (err instanceof ZodError) return { ok: false, status: 422, error: err.issues.map((i) => i.message).join("; "), fields: fieldProblems(err) };
      if (err instanceof ConflictError && err.current !== undefined) return { ok: false, status: 409, error: err.message, current: err.current };
      if (err instanceof DomainError) return { ok: false, status: err.status, error: err.message };
      if (isDatabaseUnavailable(err)) return { ok: false, status: 503, error: DATABASE_UNAVAILABLE };
      const invalid = invalidValueMessage(err);
      if (invalid) return { ok: false, status: 422, error: `invalid input: ${invalid}` };
      console.error("[action] unexpected error:", err instanceof Error ? err.stack : err);
      return { ok: false, status: 500, error: "something went wrong; the change was not saved" };
    }
  };
}

/** The first problem of each top-level field an invalid input names. */
function fieldProblems(err: ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of err.issues) {
    const field = issue.path[0];
    if (typeof field === "string" && !(field in fields)) fields[field] = issue.message;
  }
  return fields;
}
