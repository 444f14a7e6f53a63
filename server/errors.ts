/**
 * Errors the services throw and the error handler turns into HTTP answers. Messages are Danish because
 * the workspaces show them to users as they are; `field` names the input at fault.
 */
import type { z } from 'zod';

export class AppError extends Error {
  readonly statusCode: number;
  readonly details?: Record<string, unknown>;
  constructor(statusCode: number, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
    this.statusCode = statusCode;
    this.details = details;
  }
}

/** 400: the input is well-formed but wrong; names the field. */
export class InputError extends AppError {
  constructor(field: string, message: string) {
    super(400, `${field}: ${message}`, { fields: [{ field, message }] });
  }
}

/** 404: unknown, or not the user's to see (ids of other organisations answer 404, never 403). */
export class NotFoundError extends AppError {
  constructor(what: string) { super(404, `${what} findes ikke`); }
}

/** 403: the user's role may not do this at all. */
export class ForbiddenError extends AppError {
  constructor(message = 'Din rolle har ikke adgang til denne handling') { super(403, message); }
}

/** 409: the action conflicts with the current state (an illegal transition, no free seat …). */
export class ConflictError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) { super(409, message, details); }
}

/** 400 naming every field that is wrong, with its Danish message. */
export class InvalidInputError extends AppError {
  constructor(error: z.ZodError) {
    const fields = error.issues.map((i) => ({ field: i.path.join('.') || 'body', message: i.message }));
    super(400, fields.map((f) => `${f.field}: ${f.message}`).join('; '), { fields });
  }
}
