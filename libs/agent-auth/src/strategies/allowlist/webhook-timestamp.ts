import { AuthError } from '../../errors/auth-error.js';

/** How far (in seconds, either way) a signed webhook timestamp may be from the server's clock. */
export const REPLAY_WINDOW_SECONDS = 5 * 60;
/** The refusal of a signed request whose timestamp is missing, malformed or outside the window. */
export const STALE_TIMESTAMP = new AuthError('invalid_signature', { message: 'Webhook timestamp missing or outside the replay window' });
const MAX_DIGITS = 12;

/**
 * Whether a timestamp header (Unix seconds, decimal digits only, as Slack and Discord send it) is within
 * {@link REPLAY_WINDOW_SECONDS} of `nowMs`.
 */
export function isFreshTimestamp(header: string | string[] | undefined, nowMs: number): boolean {
  if (typeof header !== 'string' || header.length === 0 || header.length > MAX_DIGITS) return false;
  for (let i = 0; i < header.length; i++) {
    const code = header.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return Math.abs(nowMs / 1000 - Number(header)) <= REPLAY_WINDOW_SECONDS;
}
