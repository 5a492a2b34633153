/** Domain errors carry the HTTP status a route handler should answer with. */
export class DomainError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(message = "not found") {
    super(message, 404);
  }
}

/** Someone else changed the row since it was loaded (optimistic concurrency). */
export class ConflictError extends DomainError {
  constructor(message: string, readonly current?: unknown) {
    super(message, 409);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = "sign in required") {
    super(message, 401);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = "your role may not do this") {
    super(message, 403);
  }
}

/** Error codes and messages that mean Postgres is unreachable or restarting (not a bug in the request). */
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "57P01", "57P02", "57P03", "08000", "08001", "08003", "08006",
  // Prisma's own: can't reach the server, timed out, the server closed the connection.
  "P1001", "P1008", "P1017",
]);

export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return true;
    const message = e instanceof Error ? e.message : "";
    if (/Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Can't reach database|not queryable/i.test(message)) return true;
  }
  return false;
}

/**
 * PostgreSQL's "data exception" (SQLSTATE class 22: a value out of range, a NUL character, a
 * malformed number or time) for a value a request carried past its checks. The checks at the
 * edges (lib/zod-fields.ts) should refuse these first; this keeps one that slips through a 422
 * naming the value instead of a 500. Returns the database's message, or null for other errors.
 */
export function invalidValueMessage(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("22") && err instanceof Error ? err.message : null;
}

export const DATABASE_UNAVAILABLE = "the database is unavailable right now; try again in a moment";

/**
 * What is wrong with a request's filters, for people: each problem prefixed with the field
 * it concerns unless its message already starts with that field ("from must not be after to").
 */
export function describeFilterProblems(err: unknown): string {
  const issues = (err as { issues?: { message: string; path?: PropertyKey[] }[] }).issues;
  if (!issues?.length) return "invalid filters";
  return issues
    .map((i) => {
      const field = i.path?.map(String).join(".") ?? "";
      return field && !i.message.startsWith(field) ? `${field}: ${i.message}` : i.message;
    })
    .join("; ");
}
