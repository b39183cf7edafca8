import type { AuthContext } from '../auth-context.js';

/** Longest delay a Node timer can wait (about 24.8 days); later deadlines are not scheduled. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/**
 * When the credential behind a principal stops being valid, in epoch milliseconds: its `exp` claim plus the
 * clock tolerance; undefined for credentials that do not expire.
 */
export function credentialDeadline(auth: AuthContext, toleranceSeconds = 0): number | undefined {
  const exp = auth.claims.exp;
  return typeof exp === 'number' && Number.isFinite(exp) ? (exp + toleranceSeconds) * 1000 : undefined;
}

/**
 * Runs `onExpiry` when the principal's credential expires (at once when it already has).
 * @returns a function that cancels it, or undefined when nothing was scheduled (no expiry, or too far ahead for a timer).
 */
export function scheduleAtExpiry(auth: AuthContext, toleranceSeconds: number, onExpiry: () => void): (() => void) | undefined {
  const deadline = credentialDeadline(auth, toleranceSeconds);
  if (deadline === undefined) return undefined;
  const delay = Math.max(0, deadline - Date.now());
  if (delay > MAX_TIMER_DELAY_MS) return undefined;
  const timer = setTimeout(onExpiry, delay);
  timer.unref();
  return () => clearTimeout(timer);
}
