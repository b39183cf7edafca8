import type { AuthContext } from '../auth-context.js';
import type { AgentAuthModuleOptions } from '../options/agent-auth-module.options.js';

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

/** The clock tolerance streams allow past `exp`: the largest one of the configured JWT issuers (0 without JWT). */
export function streamClockTolerance(options: AgentAuthModuleOptions): number {
  const configs = options.jwt === undefined ? [] : Array.isArray(options.jwt) ? options.jwt : [options.jwt];
  return Math.max(0, ...configs.map((config) => config.clockTolerance ?? 0));
}

/**
 * Closes a connection (a WebSocket, a graphql-ws connection) when the credential it was opened with expires, unless
 * `streaming.closeAtExpiry` is false; the timer is cancelled when the connection closes first.
 * @param onClosed registers a listener for the connection's own close.
 */
export function closeAtExpiry(
  options: AgentAuthModuleOptions,
  auth: AuthContext | undefined,
  close: () => void,
  onClosed: (listener: () => void) => void,
): void {
  if (options.streaming?.closeAtExpiry === false || auth === undefined) return;
  const cancel = scheduleAtExpiry(auth, streamClockTolerance(options), close);
  if (cancel !== undefined) onClosed(cancel);
}
