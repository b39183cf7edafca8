import type { ExecutionContext } from '@nestjs/common';
import type { AuthRequest } from '../auth-context.js';
import type { AuthError } from '../errors/auth-error.js';
import { AuthHttpException } from '../errors/auth-http-exception.js';
import type { RefusalFormat } from '../errors/auth-refusal.js';
import type { RoutePolicy } from '../policy/route-policy.js';
import type { AuthTransport, CallInput } from './auth-transport.js';

/** The response headers the library sets: Express's `res` and Fastify's `reply` both have `header(name, value)`. */
export interface HttpResponse {
  header(name: string, value: string): unknown;
}

/** The HTTP exception of a refusal, with its `WWW-Authenticate` challenge and `Retry-After` set on the response. */
export function httpRefusal(response: HttpResponse, error: AuthError, format: RefusalFormat): AuthHttpException {
  const exception = new AuthHttpException(error, format.realm, format.errorBody);
  if (exception.challenge !== undefined) response.header('WWW-Authenticate', exception.challenge);
  if (exception.retryAfter !== undefined) response.header('Retry-After', String(exception.retryAfter));
  if (error.clearCookie !== undefined) response.header('Set-Cookie', error.clearCookie);
  return exception;
}

/**
 * HTTP requests (Express and Fastify), SSE streams included: credentials from the request, the principal on it,
 * a refusal as an HTTP exception with its `WWW-Authenticate` challenge and `Retry-After`. The request and the
 * response are the handler's first two arguments, read directly: `switchToHttp()` builds three closures per call.
 */
export const HTTP_TRANSPORT: AuthTransport = {
  origin: () => 'credentials',
  request: (context: ExecutionContext) => context.getArgByIndex<AuthRequest>(0),
  target: (context: ExecutionContext) => context.getArgByIndex<AuthRequest>(0),
  input(context: ExecutionContext): CallInput {
    const request = context.getArgByIndex<AuthRequest & { params?: Record<string, unknown>; body?: unknown; query?: unknown }>(0);
    return { params: request.params ?? {}, fields: request };
  },
  prepare(context: ExecutionContext, route: RoutePolicy): void {
    if (route.queryToken !== undefined) context.getArgByIndex<HttpResponse>(1).header('Cache-Control', 'no-store');
  },
  refusal(context: ExecutionContext, error: AuthError, format: RefusalFormat): Error {
    return httpRefusal(context.getArgByIndex<HttpResponse>(1), error, format);
  },
};
