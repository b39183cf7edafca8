import type { Strategy } from 'passport-strategy';

/** How a Passport strategy ended one `authenticate` call. */
export type PassportOutcome =
  | { readonly kind: 'success'; readonly user: unknown }
  | { readonly kind: 'fail'; readonly challenge: unknown }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'pass' };

/**
 * Runs a Passport strategy on one request the way `passport.authenticate` does (a per-call object whose
 * `success`/`fail`/`error`/`pass` settle a promise), without sessions, redirects or middleware, and keeps the reason.
 */
export function runPassportStrategy(strategy: Strategy, request: object): Promise<PassportOutcome> {
  return new Promise((resolve) => {
    const attempt = Object.create(strategy) as Strategy;
    attempt.success = (user: unknown) => resolve({ kind: 'success', user });
    attempt.fail = (challenge?: unknown) => resolve({ kind: 'fail', challenge });
    attempt.error = (error: unknown) => resolve({ kind: 'error', error });
    attempt.pass = () => resolve({ kind: 'pass' });
    attempt.redirect = () => resolve({ kind: 'fail', challenge: undefined });
    try {
      attempt.authenticate(request as never, { session: false });
    } catch (error) {
      resolve({ kind: 'error', error });
    }
  });
}
