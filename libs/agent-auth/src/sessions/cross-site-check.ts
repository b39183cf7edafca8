import { timingSafeEqual } from 'node:crypto';
import type { AuthRequest } from '../auth-context.js';

/** Methods that change nothing, which a cross-site page may trigger harmlessly. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Content types a cross-site form (or a no-preflight fetch) can send: such requests must also carry the CSRF token. */
const FORM_CONTENT = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data|text\/plain)\b/i;
/** The header a page's script sends the session's CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';
/** The form field a server-rendered form sends the session's CSRF token in. */
export const CSRF_FIELD = '_csrf';

/**
 * Why an unsafe request authenticated by a session cookie is refused as cross-site, or undefined when it may go on:
 * it must come from `origin` (`Sec-Fetch-Site: same-origin`, or an `Origin` equal to it; a request with neither is
 * refused), and when its body is one a form can send (or it has none), carry the session's CSRF token too.
 */
export function crossSiteProblem(request: AuthRequest & { body?: unknown }, origin: string, csrfToken: string): string | undefined {
  if (SAFE_METHODS.has((request.method ?? 'GET').toUpperCase())) return undefined;
  const site = request.headers['sec-fetch-site'];
  const sentOrigin = request.headers.origin;
  if (site !== undefined && site !== 'same-origin') return `Sec-Fetch-Site is ${site}`;
  if (sentOrigin !== undefined && sentOrigin !== origin) return 'Origin is another site';
  if (site === undefined && sentOrigin === undefined) return 'no Origin or Sec-Fetch-Site header';
  const type = request.headers['content-type'];
  if (type !== undefined && !FORM_CONTENT.test(type)) return undefined;
  return sameToken(sentToken(request), csrfToken) ? undefined : 'missing or wrong CSRF token';
}

function sentToken(request: AuthRequest & { body?: unknown }): unknown {
  const header = request.headers[CSRF_HEADER];
  if (header !== undefined) return header;
  const body = request.body;
  return typeof body === 'object' && body !== null && Object.hasOwn(body, CSRF_FIELD) ? (body as Record<string, unknown>)[CSRF_FIELD] : undefined;
}

function sameToken(sent: unknown, expected: string): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
