import type { AuthError } from './auth-error.js';
import { AuthHttpException } from './auth-http-exception.js';

/** How refusals are worded: the realm of `WWW-Authenticate` challenges and the app's body reshaper, if any. */
export interface RefusalFormat {
  readonly realm: string;
  readonly errorBody?: (error: AuthError) => object;
}

/** A refusal as every transport delivers it: the HTTP status, our body, and the headers that go with them. */
export interface AuthRefusal {
  readonly status: number;
  /** Our JSON body: `statusCode`, `error`, `code`, `message` (or what `errorBody` made of it). */
  readonly body: object;
  /** The `WWW-Authenticate` challenge, when the status has one. */
  readonly challenge?: string;
  /** The `Retry-After` seconds (429 `too_many_failures`). */
  readonly retryAfter?: number;
}

/** The deliverable form of an {@link AuthError}, built from its HTTP form so every transport says the same. */
export function describeRefusal(error: AuthError, format: RefusalFormat): AuthRefusal {
  const exception = new AuthHttpException(error, format.realm, format.errorBody);
  return { status: exception.getStatus(), body: exception.getResponse() as object, challenge: exception.challenge, retryAfter: exception.retryAfter };
}
