import type { ExecutionContext, MessageEvent } from '@nestjs/common';
import { catchError, of, type MonoTypeOperatorFunction } from 'rxjs';
import type { AuthError } from '../errors/auth-error.js';
import { AuthHttpException } from '../errors/auth-http-exception.js';

/** The HTTP response of an SSE stream: Express's `res`, or Fastify's reply over the Node response. */
interface StreamResponse {
  readonly headersSent?: boolean;
  readonly raw?: { readonly headersSent?: boolean };
}

/** The last event of an `@Sse()` stream refused mid-way (by `AuthorizationService.assert()`, say). */
export function refusalEvent(error: AuthError): MessageEvent {
  return { type: 'error', data: { code: error.code, message: error.message } };
}

/**
 * Ends an `@Sse()` stream whose pipeline fails with a refusal once its headers are out (no status can be sent any
 * more): with a last {@link refusalEvent}, then completion, never a 500 or a stack trace. A refusal before the
 * headers are sent goes on to the exception filters, which answer it with its status and our JSON body.
 */
export function endStreamOnRefusal(context: ExecutionContext): MonoTypeOperatorFunction<unknown> {
  return catchError((error: unknown) => {
    const response = context.getArgByIndex<StreamResponse>(1);
    const headersSent = response.raw?.headersSent ?? response.headersSent;
    if (!(error instanceof AuthHttpException) || headersSent !== true) throw error;
    return of(refusalEvent(error.authError));
  });
}
