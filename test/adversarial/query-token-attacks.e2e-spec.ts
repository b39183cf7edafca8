import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuthEvent } from 'nest-agent-auth';
import { HandlerHits } from '../fixtures/adversarial.fixture.js';
import { startAdversarialApp } from '../support/adversarial-app.js';
import { rawRequest } from '../support/raw-http.js';
import { expectRefused } from '../support/refusal.js';
import { PLATFORMS, type TestApp } from '../support/test-app.js';
import { newSecret, signToken } from '../support/tokens.js';

/**
 * Tokens in the query string, which only an `@AllowQueryToken()` GET route reads (RFC 6750 §2.3 discourages them):
 * other methods, other parameter spellings, repeated or competing credentials are refused without reaching the
 * handler; every answer is `Cache-Control: no-store`, and no event or log line ever holds the query string.
 */
const secret = newSecret();
const valid = signToken(secret);
const forged = signToken(newSecret());

describe.each(PLATFORMS)('query token attacks on %s', (platform) => {
  let server: TestApp;
  const events: AuthEvent[] = [];
  beforeAll(async () => {
    server = await startAdversarialApp(platform, { jwt: { secret }, bruteForce: { maxFailures: 1000 }, onAuthEvent: (event) => events.push(event) });
  });
  afterAll(() => server.close());

  const get =
    (query: string, headers = {}, method = 'GET') =>
    () =>
      rawRequest(server.url, method, `/stream?${query}`, headers);
  const refused = async (send: ReturnType<typeof get>, status: number, code: string) => {
    const response = await expectRefused(server, send, { status, code }, [valid, forged]);
    expect(response.headers['cache-control']).toBe('no-store');
  };

  it('serves ?token= on the opted-in GET route, with Cache-Control: no-store (control)', async () => {
    const response = await get(`token=${valid}`)();
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('never reads the query token of a POST, even on a route that opted in: 401 missing_credentials', async () => {
    await refused(get(`token=${valid}`, {}, 'POST'), 401, 'missing_credentials');
  });

  it('never reads the query token of a HEAD request: 401 and no handler run', async () => {
    const hits = server.app.get(HandlerHits);
    const before = hits.total();
    const response = await get(`token=${valid}`, {}, 'HEAD')();
    expect(response.status).toBe(401);
    expect(hits.total()).toBe(before);
  });

  it.each([
    ['the parameter twice', `token=${valid}&token=${valid}`],
    ['a token and a ticket', `token=${valid}&ticket=abc`],
  ])('refuses %s: 400 invalid_request', async (_name, query) => {
    await refused(get(query), 400, 'invalid_request');
  });

  it('refuses a query token next to an Authorization header: 400 invalid_request', async () => {
    await refused(get(`token=${valid}`, { authorization: `Bearer ${valid}` }), 400, 'invalid_request');
    await refused(get(`token=${forged}`, { authorization: `Bearer ${valid}` }), 400, 'invalid_request');
  });

  it.each([
    ['another case', `TOKEN=${valid}`],
    ['access_token', `access_token=${valid}`],
    ['a bracketed name', `token[]=${valid}`],
    ['an empty value', 'token='],
    ['a fragment', `#token=${valid}`],
  ])('ignores %s: 401 missing_credentials', async (_name, query) => {
    await refused(get(query), 401, 'missing_credentials');
  });

  it.each([
    ['a forged token', `token=${forged}`],
    ['a Bearer prefix', `token=Bearer%20${valid}`],
    ['an encoded dot', `token=${valid.replace('.', '%2E').replace('.', '%2e')}x`],
  ])('refuses %s: 401 invalid_token', async (_name, query) => {
    await refused(get(query), 401, 'invalid_token');
  });

  it('keeps the query string out of every event', async () => {
    events.length = 0;
    await get(`token=${valid}&trace=query-marker`)();
    await get(`token=${forged}&trace=query-marker`)();
    expect(events.map((event) => event.route)).toEqual(['GET /stream', 'GET /stream']);
    const everything = JSON.stringify(events);
    for (const leak of [valid, forged, 'query-marker', 'token=']) expect(everything).not.toContain(leak);
  });
});
