import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { OutgoingHttpHeaders } from 'node:http';
import { generateApiKey, hashApiKey } from 'nest-agent-auth';
import { startAdversarialApp } from '../support/adversarial-app.js';
import { authorizationLines, rawRequest } from '../support/raw-http.js';
import { expectRefused } from '../support/refusal.js';
import { PLATFORMS, type TestApp } from '../support/test-app.js';
import { newSecret } from '../support/tokens.js';

/**
 * API keys as an attacker sends them, on routes that try `jwt` then `api-key` (the default order): near misses,
 * other carriers, look-alike and case variants, several keys at once, the stored hash. None may run a handler,
 * each gets the right status and code, and no response holds the key or its hash.
 */
const key = generateApiKey();
const otherKey = generateApiKey();
const KEYS = [key, otherKey, hashApiKey(key), hashApiKey(key).slice('sha256:'.length)];
const latin1Bytes = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

describe.each(PLATFORMS)('API key attacks on %s', (platform) => {
  let server: TestApp;
  beforeAll(async () => {
    server = await startAdversarialApp(platform, {
      jwt: { secret: newSecret() },
      apiKey: {
        keys: [
          { id: 'ci', key, roles: ['admin'] },
          { id: 'other', key: otherKey },
        ],
      },
    });
  });
  afterAll(() => server.close());

  const send =
    (headers: OutgoingHttpHeaders, path = '/vault') =>
    () =>
      rawRequest(server.url, 'GET', path, headers);
  const refused = (headers: OutgoingHttpHeaders, status: number, code: string, path?: string) =>
    expectRefused(server, send(headers, path), { status, code }, KEYS);

  it('serves the key in X-API-Key and in Authorization: ApiKey (control)', async () => {
    expect((await send({ 'x-api-key': key }, '/admin')()).status).toBe(200);
    expect((await send({ authorization: `ApiKey ${key}` }, '/admin')()).status).toBe(200);
  });

  it.each<[string, () => string]>([
    ['upper-cased', () => key.toUpperCase()],
    ['lower-cased', () => key.toLowerCase()],
    ['with a look-alike letter', () => latin1Bytes(`\u0430${key.slice(1)}`)],
    ['with a latin-1 letter appended', () => `${key}\u00e9`],
    ['with a tab inside', () => `${key.slice(0, 8)}\t${key.slice(8)}`],
    ['as its sha256 hash', () => hashApiKey(key)],
    ['as the bare hex of its hash', () => hashApiKey(key).slice('sha256:'.length)],
    ['percent-encoded', () => encodeURIComponent(key).replace(/_/g, '%5F')],
    ['base64-encoded', () => Buffer.from(key).toString('base64')],
    ['quoted', () => `"${key}"`],
    ['as __proto__', () => '__proto__'],
    ['as constructor', () => 'constructor'],
    ['followed by another key after a comma', () => `${key},${otherKey}`],
  ])('refuses the key %s: 401 invalid_api_key', async (_name, variant) => {
    await refused({ 'x-api-key': variant() }, 401, 'invalid_api_key', '/admin');
  });

  it('refuses the key header sent twice and a key sent two ways', async () => {
    await refused({ 'x-api-key': [key, key] }, 401, 'invalid_api_key');
    await refused({ 'x-api-key': key, authorization: `ApiKey ${key}` }, 400, 'invalid_request');
    await refused(authorizationLines(`ApiKey ${key}`, `ApiKey ${otherKey}`), 400, 'invalid_request');
    await refused(authorizationLines(`ApiKey ${key}`, 'Bearer x.y.z'), 400, 'invalid_request');
  });

  it.each<[string, () => OutgoingHttpHeaders]>([
    ['an api-key header', () => ({ 'api-key': key })],
    ['an x-api_key header (underscore)', () => ({ 'x-api_key': key })],
    ['an apikey header', () => ({ apikey: key })],
    ['a cookie', () => ({ cookie: `x-api-key=${key}; api_key=${key}` })],
    ['Proxy-Authorization', () => ({ 'proxy-authorization': `ApiKey ${key}` })],
  ])('ignores the key in %s: 401 missing_credentials', async (_name, headers) => {
    await refused(headers(), 401, 'missing_credentials');
  });

  it('never reads a key from the query string or a form body', async () => {
    await expectRefused(
      server,
      () => rawRequest(server.url, 'GET', `/vault?api_key=${key}&x-api-key=${key}&apiKey=${key}`),
      { status: 401, code: 'missing_credentials' },
      KEYS,
    );
    await expectRefused(
      server,
      () => rawRequest(server.url, 'POST', '/agents/run', { 'content-type': 'application/x-www-form-urlencoded' }, `api_key=${key}&x-api-key=${key}`),
      { status: 401, code: 'missing_credentials' },
      KEYS,
    );
  });

  it.each<[string, () => string, string]>([
    ['Bearer <key> (not read as a key unless acceptBearer)', () => `Bearer ${key}`, 'invalid_token'],
    ['Basic with the key as user name', () => `Basic ${Buffer.from(`${key}:`).toString('base64')}`, 'invalid_scheme'],
    ['ApiKey: <key>', () => `ApiKey: ${key}`, 'invalid_scheme'],
    ['Api-Key <key>', () => `Api-Key ${key}`, 'invalid_scheme'],
    ['ApiKey with two spaces', () => `ApiKey  ${key}`, 'invalid_api_key'],
    ['ApiKey with a tab', () => `ApiKey\t${key}`, 'invalid_scheme'],
  ])('refuses Authorization: %s', async (_name, header, code) => {
    await refused({ authorization: header() }, 401, code);
  });

  it('never grants the roles of one key to the identity of another', async () => {
    await refused({ 'x-api-key': otherKey }, 403, 'insufficient_role', '/admin');
  });
});
