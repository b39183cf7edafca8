import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { OutgoingHttpHeaders } from 'node:http';
import { HandlerHits, SECRET_MARKER } from '../fixtures/adversarial.fixture.js';
import { startAdversarialApp } from '../support/adversarial-app.js';
import { rawRequest, type RawResponse } from '../support/raw-http.js';
import { PLATFORMS, type TestApp } from '../support/test-app.js';
import { newSecret } from '../support/tokens.js';

/**
 * Requests that try to reach a private handler through a URL or method a public pattern seems to cover
 * (`publicRoutes: ['GET /health', 'GET /public/**']`), sent with node:http so the path reaches the server as written.
 * Whatever the router makes of them, no private handler may run: the answer is 401 missing_credentials, a 400/404,
 * or a public handler's 200.
 */
const PUBLIC_HANDLERS = ['health', 'publicFiles'];
const utf8Bytes = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

const PATHS = [
  '/VAULT',
  '/Vault/',
  '/vault/',
  '//vault',
  '///vault',
  '/vault//',
  '/./vault',
  '/vault/.',
  '/vault/..',
  '/public/../vault',
  '/public/%2e%2e/vault',
  '/public/%2E%2E/vault',
  '/public/.%2e/vault',
  '/public/..%2fvault',
  '/public%2f..%2fvault',
  '/public/..%5cvault',
  '/public\\..\\vault',
  '\\vault',
  '/health/../vault',
  '/health/%2e%2e/vault',
  '/health/..;/vault',
  '/vault;/../health',
  '/vault;jsessionid=1',
  '/%76ault',
  '/%56AULT',
  '/vault%2f',
  '/vault%2F..%2Fhealth',
  '/vault%00',
  '/vault%00.json',
  '/health%00/../vault',
  '/%c0%aevault',
  '/public/%c0%ae%c0%ae/vault',
  '/vault%e2%80%8b',
  utf8Bytes('/\uff56ault'),
  '/vault%20',
  '/vault.json',
  '/vault#/health',
  '/vault?/health',
  '/vault/x?/health',
  'http://127.0.0.1/vault',
  'http://127.0.0.1/public/../vault',
];

/** Request-targets Node's HTTP parser refuses before any routing (Fastify answers 400 with a body a HEAD client cannot read). */
const UNPARSEABLE = new Set(['\\vault', utf8Bytes('/\uff56ault')]);

describe.each(PLATFORMS)('route matching on %s', (platform) => {
  let server: TestApp;
  beforeAll(async () => {
    server = await startAdversarialApp(platform, { jwt: { secret: newSecret() } });
  });
  afterAll(() => server.close());

  const privateHits = () => server.app.get(HandlerHits).outside(PUBLIC_HANDLERS);

  /** Sends the request and checks that no private handler ran and the answer is one a refusal or a public route gives. */
  async function expectNoPrivateHandler(method: string, path: string, headers: OutgoingHttpHeaders = {}): Promise<RawResponse> {
    const before = privateHits();
    const response = await rawRequest(server.url, method, path, headers);
    expect(privateHits()).toBe(before);
    expect(response.body).not.toContain(SECRET_MARKER);
    expect([200, 204, 400, 401, 404]).toContain(response.status);
    if (response.status === 401 && method !== 'HEAD') expect(response.json?.code).toBe('missing_credentials');
    if (response.status === 200 && method !== 'HEAD' && method !== 'OPTIONS') expect(response.json?.public).toBe(true);
    return response;
  }

  it('serves the public routes and refuses the private ones (control)', async () => {
    expect((await rawRequest(server.url, 'GET', '/health')).status).toBe(200);
    expect((await rawRequest(server.url, 'HEAD', '/health')).status).toBe(200);
    expect((await rawRequest(server.url, 'GET', '/public/readme')).status).toBe(200);
    expect((await expectNoPrivateHandler('GET', '/vault')).status).toBe(401);
    expect((await expectNoPrivateHandler('POST', '/health')).status).toBe(401);
  });

  it.each(PATHS)('GET %s reaches no private handler', async (path) => {
    await expectNoPrivateHandler('GET', path);
  });

  it('answers the request-targets the HTTP parser refuses with 400', async () => {
    for (const path of UNPARSEABLE) expect((await expectNoPrivateHandler('GET', path)).status).toBe(400);
  });

  it.each(PATHS.filter((path) => !UNPARSEABLE.has(path)))('HEAD %s reaches no private handler', async (path) => {
    await expectNoPrivateHandler('HEAD', path);
  });

  it.each([
    ['X-HTTP-Method-Override', { 'x-http-method-override': 'GET' }],
    ['X-HTTP-Method', { 'x-http-method': 'GET' }],
    ['X-Method-Override', { 'x-method-override': 'GET' }],
  ])('POST /health with %s: GET stays 401 (the override is not honoured)', async (_name, headers) => {
    expect((await expectNoPrivateHandler('POST', '/health', headers)).status).toBe(401);
    expect((await expectNoPrivateHandler('POST', '/health?_method=GET', headers)).status).toBe(401);
  });

  it('GET /health with an override to POST runs the public GET handler, never the private POST one', async () => {
    const hits = server.app.get(HandlerHits);
    const before = hits.total('postHealth');
    const response = await expectNoPrivateHandler('GET', '/health?_method=POST', { 'x-http-method-override': 'POST' });
    expect(response.status).toBe(200);
    expect(hits.total('postHealth')).toBe(before);
  });

  it.each(['HEAD', 'OPTIONS', 'TRACE', 'PROPFIND', 'PATCH', 'DELETE', 'SEARCH'])('%s /vault reaches no private handler', async (method) => {
    const response = await expectNoPrivateHandler(method, '/vault');
    if (method === 'HEAD') expect(response.status).toBe(401);
  });

  it('OPTIONS * and OPTIONS on a public path reach no private handler', async () => {
    await expectNoPrivateHandler('OPTIONS', '*');
    await expectNoPrivateHandler('OPTIONS', '/health');
  });
});
