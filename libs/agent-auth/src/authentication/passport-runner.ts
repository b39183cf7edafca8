import type { Strategy } from 'passport-strategy';

/** How a Passport strategy ended one `authenticate` call. */
export type PassportOutcome =
  | { readonly kind: 'success'; readonly user: unknown }
  | { readonly kind: 'fail'; readonly challenge: unknown }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'pass' };

/** One `authenticate` call: the strategy's own fields (through the prototype chain) plus where its ending goes. */
interface PassportAttempt extends Strategy {
  outcome?: PassportOutcome;
  resolve?: (outcome: PassportOutcome) => void;
  settle(outcome: PassportOutcome): void;
}

const NO_SESSION = Object.freeze({ session: false });

/** The actions Passport strategies end with, shared by every attempt (no closure per call). */
const ACTIONS: ThisType<PassportAttempt> & Pick<PassportAttempt, 'success' | 'fail' | 'error' | 'pass' | 'redirect' | 'settle'> = {
  success(user: unknown) {
    this.settle({ kind: 'success', user });
  },
  fail(challenge?: unknown) {
    this.settle({ kind: 'fail', challenge });
  },
  error(error: unknown) {
    this.settle({ kind: 'error', error });
  },
  pass() {
    this.settle({ kind: 'pass' });
  },
  redirect() {
    this.settle({ kind: 'fail', challenge: undefined });
  },
  settle(outcome: PassportOutcome) {
    if (this.outcome !== undefined) return;
    this.outcome = outcome;
    this.resolve?.(outcome);
  },
};

/** Per strategy, the prototype of its attempts: the strategy itself with {@link ACTIONS} on top. */
const attemptPrototypes = new WeakMap<Strategy, PassportAttempt>();

/**
 * Runs a Passport strategy on one request the way `passport.authenticate` does (a per-call object whose
 * `success`/`fail`/`error`/`pass` settle it), without sessions, redirects or middleware, and keeps the reason.
 * Answers synchronously when the strategy ended before `authenticate` returned (passport-jwt with a key it holds
 * always does), with a promise otherwise: no promise or closure is built for a strategy that needs none.
 */
export function runPassportStrategy(strategy: Strategy, request: object): PassportOutcome | Promise<PassportOutcome> {
  const attempt = Object.create(attemptPrototype(strategy)) as PassportAttempt;
  try {
    attempt.authenticate(request as never, NO_SESSION);
  } catch (error) {
    attempt.settle({ kind: 'error', error });
  }
  return attempt.outcome ?? new Promise((resolve) => (attempt.resolve = resolve));
}

function attemptPrototype(strategy: Strategy): PassportAttempt {
  let prototype = attemptPrototypes.get(strategy);
  if (prototype === undefined) {
    prototype = Object.assign(Object.create(strategy) as PassportAttempt, ACTIONS);
    attemptPrototypes.set(strategy, prototype);
  }
  return prototype;
}
