import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { OutgoingHttpHeaders } from 'node:http';
import { startAdversarialApp } from '../support/adversarial-app.js';
import { authorizationLines, rawRequest } from '../support/raw-http.js';
import { expectRefused } from '../support/refusal.js';
import { PLATFORMS, type TestApp } from '../support/test-app.js';
import { newSecret, signToken } from '../support/tokens.js';

/**
 * The Authorization header as an attacker writes it (RFC 6750 §2.1, RFC 9110 §11): the Bearer scheme is
 * case-insensitive and followed by exactly one space; anything else is refused without reaching a handler,
 * and the genuine token riding in a malformed header is never echoed.
 */
const secret = newSecret();
/** The bytes of a UTF-8 string as a latin-1 string: node:http then writes them to the wire unchanged. */
const utf8Bytes = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

describe.each(PLATFORMS)('Authorization header parsing on %s', (platform) => {
  let server: TestApp;
  let token: string;
  beforeAll(async () => {
    server = await startAdversarialApp(platform, { jwt: { secret }, realm: 'agents' });
    token = signToken(secret);
  });
  afterAll(() => server.close());

  const send = (headers: OutgoingHttpHeaders) => () => rawRequest(server.url, 'GET', '/vault', headers);
  const refused = (headers: OutgoingHttpHeaders, status: number, code: string) =>
    expectRefused(server, send(headers), { status, code }, [token, secret]);

  it.each<[string, (token: string) => string]>([
    ['Bearer <token>', (t) => `Bearer ${t}`],
    ['bearer <token>', (t) => `bearer ${t}`],
    ['BEARER <token>', (t) => `BEARER ${t}`],
    ['bEaReR <token>', (t) => `bEaReR ${t}`],
    ['surrounding whitespace, which HTTP strips', (t) => ` \tBearer ${t} \t`],
  ])('accepts %s (control)', async (_name, header) => {
    expect((await rawRequest(server.url, 'GET', '/vault', { authorization: header(token) })).status).toBe(200);
  });

  it.each<[string, (token: string) => string]>([
    ['no token', () => 'Bearer'],
    ['two spaces', (t) => `Bearer  ${t}`],
    ['a space inside the token', (t) => `Bearer ${t.slice(0, 10)} ${t.slice(10)}`],
    ['a tab inside the token', (t) => `Bearer ${t.slice(0, 10)}\t${t.slice(10)}`],
    ['a second Bearer credential after a comma', (t) => `Bearer ${t}, Bearer ${t}`],
    ['two tokens joined by a comma', (t) => `Bearer ${t},${t}`],
    ['a quoted token', (t) => `Bearer "${t}"`],
    ['an auth-param instead of a token', (t) => `Bearer token=${t}`],
    ['latin-1 bytes in the token', (t) => `Bearer ${t}\u00ff`],
  ])('refuses a Bearer header with %s: 401 invalid_token', async (_name, header) => {
    await refused({ authorization: header(token) }, 401, 'invalid_token');
  });

  it.each<[string, (token: string) => string]>([
    ['a tab after the scheme', (t) => `Bearer\t${t}`],
    ['a colon after the scheme', (t) => `Bearer:${t}`],
    ['a colon and a space', (t) => `Bearer: ${t}`],
    ['an equals sign', (t) => `Bearer=${t}`],
    ['no separator', (t) => `Bearer${t}`],
    ['a no-break space', (t) => `Bearer\u00a0${t}`],
    ['a Cyrillic В', (t) => utf8Bytes(`\u0412earer ${t}`)],
    ['a Greek Β', (t) => utf8Bytes(`\u0392earer ${t}`)],
    ['a fullwidth Ｂ', (t) => utf8Bytes(`\uff22earer ${t}`)],
    ['a zero-width space in the scheme', (t) => utf8Bytes(`Bea\u200brer ${t}`)],
    ['the scheme Token', (t) => `Token ${t}`],
    ['the scheme JWT', (t) => `JWT ${t}`],
    ['Basic with the token as password', (t) => `Basic ${Buffer.from(`user:${t}`).toString('base64')}`],
    ['a bare token', (t) => t],
  ])('refuses %s: 401 invalid_scheme', async (_name, header) => {
    await refused({ authorization: header(token) }, 401, 'invalid_scheme');
  });

  it('refuses two Authorization headers, in either order: 400 invalid_request', async () => {
    const response = await refused(authorizationLines('Bearer garbage', `Bearer ${token}`), 400, 'invalid_request');
    expect(response.headers['www-authenticate']).toContain('error="invalid_request"');
    await refused(authorizationLines(`Bearer ${token}`, 'Bearer garbage'), 400, 'invalid_request');
    await refused(authorizationLines(`Bearer ${token}`, `Bearer ${token}`), 400, 'invalid_request');
  });

  it.each<[string, (token: string) => OutgoingHttpHeaders]>([
    ['Proxy-Authorization', (t) => ({ 'proxy-authorization': `Bearer ${t}` })],
    ['X-Authorization', (t) => ({ 'x-authorization': `Bearer ${t}` })],
    ['X-Forwarded-Authorization', (t) => ({ 'x-forwarded-authorization': `Bearer ${t}` })],
    ['a cookie', (t) => ({ cookie: `Authorization=Bearer%20${t}; access_token=${t}` })],
  ])('ignores the token in %s: 401 missing_credentials', async (_name, headers) => {
    await refused(headers(token), 401, 'missing_credentials');
  });

  it('ignores access_token in the query string and in a form body (RFC 6750 §2.2, §2.3) on a route that did not opt in', async () => {
    await expectRefused(
      server,
      () => rawRequest(server.url, 'GET', `/vault?access_token=${token}&token=${token}`),
      { status: 401, code: 'missing_credentials' },
      [token],
    );
    await expectRefused(
      server,
      () => rawRequest(server.url, 'POST', '/agents/run', { 'content-type': 'application/x-www-form-urlencoded' }, `access_token=${token}`),
      { status: 401, code: 'missing_credentials' },
      [token],
    );
  });

  it('never echoes the realm-breaking characters of a hostile token into the challenge', async () => {
    const response = await refused({ authorization: 'Bearer a"b\\c,error="x' }, 401, 'invalid_token');
    expect(response.headers['www-authenticate']).toBe('Bearer realm="agents", error="invalid_token", error_description="Malformed token"');
  });
});
