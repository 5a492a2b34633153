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
