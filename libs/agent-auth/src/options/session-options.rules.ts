import { isLoopback, remoteUrlProblem } from '../util/remote-url.js';
import { OidcLoginOptions } from './oidc-login.options.js';
import { instantiate, isObject } from './option-instances.js';
import { SessionOptions } from './session.options.js';

/** Session rules across fields: an origin (given or from the redirect URI), an https one off loopback, URLs that parse. */
export function sessionProblems(session: SessionOptions): string[] {
  const problems: string[] = [];
  const login = session.login;
  if (login instanceof OidcLoginOptions) {
    const issuer = typeof login.issuer === 'string' ? remoteUrlProblem(login.issuer, login.allowInsecureHttp === true) : undefined;
    if (issuer !== undefined) problems.push(`session.login.issuer: ${issuer}`);
    if (typeof login.redirectUri === 'string' && originOf(login.redirectUri) === undefined)
      problems.push('session.login.redirectUri: must be an absolute http(s) URL');
    if (Array.isArray(login.scopes) && !login.scopes.includes('openid')) problems.push("session.login.scopes: must include 'openid'");
  }
  const origin = sessionOrigin(session);
  if (origin === undefined) {
    problems.push('session.origin: give the app origin (https://app.example.com), or session.login.redirectUri');
  } else if (origin.startsWith('http:') && !isLoopback(new URL(origin).hostname)) {
    problems.push('session.origin: must use https (session cookies travel over plain http only on a loopback host)');
  } else if (typeof session.origin === 'string' && session.origin !== origin) {
    problems.push(`session.origin: must be an origin only (scheme, host, port), such as ${origin}`);
  }
  if (login instanceof OidcLoginOptions && typeof login.redirectUri === 'string' && origin !== undefined && originOf(login.redirectUri) !== origin) {
    problems.push('session.login.redirectUri: must be on session.origin');
  }
  return problems;
}

/** The app origin sessions belong to: `origin`, or the origin of the login's redirect URI. */
export function sessionOrigin(session: SessionOptions): string | undefined {
  if (typeof session.origin === 'string') return originOf(session.origin);
  return typeof session.login?.redirectUri === 'string' ? originOf(session.login.redirectUri) : undefined;
}

/** The session options as class instances (the nested login too). */
export function instantiateSession(raw: Record<string, unknown>): SessionOptions {
  const session = instantiate(SessionOptions, raw);
  if (isObject(raw.login)) session.login = instantiate(OidcLoginOptions, raw.login);
  return session;
}

function originOf(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}
