import { sessionOrigin } from '../options/session-options.rules.js';
import type { SessionOptions } from '../options/session.options.js';
import { durationSeconds } from '../util/duration.js';
import { isLoopback } from '../util/remote-url.js';

/** The session options resolved once at startup. */
export interface SessionSettings {
  /** The app origin cookie-authenticated unsafe requests must come from. */
  readonly origin: string;
  /** Whether cookies are `Secure` (and `__Host-` prefixed): always, except `http:` on a loopback host. */
  readonly secure: boolean;
  /** The session cookie's name, prefix included. */
  readonly cookieName: string;
  /** The name of the short-lived cookie that ties a login's callback to the browser that started it. */
  readonly loginCookieName: string;
  readonly idleMs: number;
  readonly absoluteMs: number;
}

const DEFAULT_COOKIE_NAME = 'agent-auth-session';
const DEFAULT_IDLE_SECONDS = 2 * 3600;
const DEFAULT_ABSOLUTE_SECONDS = 12 * 3600;

/** Resolves validated session options. */
export function resolveSessionSettings(options: SessionOptions): SessionSettings {
  const origin = sessionOrigin(options) as string;
  const secure = !(origin.startsWith('http:') && isLoopback(new URL(origin).hostname));
  const prefix = secure ? '__Host-' : '';
  const name = options.cookieName ?? DEFAULT_COOKIE_NAME;
  return {
    origin,
    secure,
    cookieName: `${prefix}${name}`,
    loginCookieName: `${prefix}${name}-login`,
    idleMs: (options.idleTimeout === undefined ? DEFAULT_IDLE_SECONDS : (durationSeconds(options.idleTimeout) as number)) * 1000,
    absoluteMs: (options.absoluteTimeout === undefined ? DEFAULT_ABSOLUTE_SECONDS : (durationSeconds(options.absoluteTimeout) as number)) * 1000,
  };
}
