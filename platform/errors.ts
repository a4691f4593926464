/**
 * One error type for the whole facility: a machine-readable `code`, an HTTP `status`, and a message that
 * says what was wrong. Routes and the CLI map it; domain code throws it or returns verdicts as values.
 */
export class SdfError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'SdfError';
  }
}

/** Bad command-line usage: the CLI exits with code 2. */
export class UsageError extends SdfError {
  constructor(message: string) {
    super('bad_usage', message, 400);
    this.name = 'UsageError';
  }
}

export const notFound = (what: string): SdfError => new SdfError('not_found', `${what} not found`, 404);
export const forbidden = (message = 'not allowed'): SdfError => new SdfError('forbidden', message, 403);
export const badInput = (field: string, message: string): SdfError =>
  new SdfError('bad_input', `${field}: ${message}`, 400, { field });
export const conflict = (message: string): SdfError => new SdfError('conflict', message, 409);
