import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { OutgoingHttpHeaders } from 'node:http';
import { HandlerHits, SECRET_MARKER } from '../fixtures/adversarial.fixture.js';
import { startAdversarialApp } from '../support/adversarial-app.js';
import { rawRequest } from '../support/raw-http.js';
import { PLATFORMS, type TestApp } from '../support/test-app.js';
import { newSecret } from '../support/tokens.js';

/**
 * Property: whatever method, path and Authorization header a client sends (random, bounded runs), the server never
 * answers 5xx and no private handler runs. Handlers reachable without credentials (public patterns, @OptionalAuth)
 * are the only ones that may.
 */
const OPEN_HANDLERS = ['health', 'publicFiles', 'optional'];
const RUNS = 150;

/** Characters node:http lets through in a header value (tab, printable ASCII, latin-1). */
const headerChar = fc
  .oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }), fc.constant(0x09))
  .map((code) => String.fromCharCode(code));
const base64url = fc.string({ unit: fc.constantFrom(...'ABCxyz019-_'), minLength: 1, maxLength: 40 });
const authorization = fc.option(
  fc.oneof(
    fc.string({ unit: headerChar, maxLength: 120 }),
    fc
      .tuple(fc.constantFrom('Bearer ', 'bearer ', 'Bearer  ', 'Bearer\t', 'Basic ', 'ApiKey '), fc.string({ unit: headerChar, maxLength: 100 }))
      .map(([scheme, rest]) => scheme + rest),
    fc.tuple(base64url, base64url, base64url).map(([a, b, c]) => `Bearer ${a}.${b}.${c}`),
    fc
      .tuple(fc.jsonValue({ maxDepth: 2 }), fc.jsonValue({ maxDepth: 2 }), base64url)
      .map(
        ([header, payload, signature]) =>
          `Bearer ${Buffer.from(JSON.stringify({ alg: 'HS256', ...(typeof header === 'object' ? header : { x: header }) })).toString('base64url')}.${Buffer.from(JSON.stringify(payload) ?? 'null').toString('base64url')}.${signature}`,
      ),
  ),
  { nil: undefined },
);
const segment = fc.oneof(
  fc.constantFrom('vault', 'health', 'public', 'admin', 'agents', 'run', 'composite', 'who', 'optional', 'prototype-roles'),
  fc.constantFrom('..', '.', '', '%2e%2e', '%2f', '%00', '%ff', '%zz', '%', 'VAULT', ';x', '~', '*', '\u00e9', '%c0%ae', '__proto__'),
  fc.string({ unit: fc.constantFrom(...'abc%2e./;~'), maxLength: 6 }),
);
const path = fc
  .tuple(fc.array(segment, { maxLength: 5 }), fc.option(fc.string({ unit: fc.constantFrom(...'a=&%?/.#'), maxLength: 12 }), { nil: undefined }))
  .map(([segments, query]) => `/${segments.join('/')}${query === undefined ? '' : `?${query}`}`);
const method = fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH');

describe.each(PLATFORMS)('random requests on %s', (platform) => {
  let server: TestApp;
  beforeAll(async () => {
    server = await startAdversarialApp(platform, { jwt: { secret: newSecret() } });
  });
  afterAll(() => server.close());

  const privateHits = () => server.app.get(HandlerHits).outside(OPEN_HANDLERS);

  it(`never answers 5xx nor runs a private handler (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(method, path, authorization, async (verb, target, credential) => {
        const headers: OutgoingHttpHeaders = credential === undefined ? {} : { authorization: credential };
        const before = privateHits();
        const response = await rawRequest(server.url, verb, target, headers).catch((error: Error) => {
          // A reply the client cannot parse (a 400 with a body to HEAD, from the server's HTTP parser) is no 5xx.
          if (verb === 'HEAD' && error.message.startsWith('Parse Error')) return undefined;
          throw error;
        });
        expect(privateHits()).toBe(before);
        if (response === undefined) return;
        expect(response.status).toBeLessThan(500);
        expect(response.body).not.toContain(SECRET_MARKER);
        if (credential !== undefined && credential.trim().length >= 16) expect(response.body).not.toContain(credential.trim());
      }),
      { numRuns: RUNS },
    );
  });
});
