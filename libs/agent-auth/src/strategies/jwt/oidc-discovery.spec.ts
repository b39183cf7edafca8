import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { Logger } from '@nestjs/common';
import { respondJson, startStubServer, type StubServer } from '../../../../../test/support/stub-server.js';
import { DISCOVERY_ATTEMPTS, discoverJwksUri } from './oidc-discovery.js';

const WELL_KNOWN = '/.well-known/openid-configuration';

describe('discoverJwksUri', () => {
  let server: StubServer;
  let warn: jest.Mock;
  const discover = (issuer = server.url) =>
    discoverJwksUri(issuer, { path: 'jwt.1', timeoutMs: 1000, allowInsecureHttp: false, logger: { warn } as unknown as Logger });

  beforeEach(async () => {
    server = await startStubServer();
    warn = jest.fn();
  });
  afterEach(() => server.close());

  it("returns the jwks_uri of the issuer's OpenID configuration", async () => {
    server.handle(respondJson({ issuer: server.url, jwks_uri: `${server.url}/keys` }));
    await expect(discover()).resolves.toBe(`${server.url}/keys`);
    expect(server.count(WELL_KNOWN)).toBe(1);
  });

  it('drops the trailing slash of the issuer before appending the well-known path, and still wants the exact issuer', async () => {
    const issuer = `${server.url}/`;
    server.handle(respondJson({ issuer, jwks_uri: `${server.url}/keys` }));
    await expect(discover(issuer)).resolves.toBe(`${server.url}/keys`);
    expect(server.count(WELL_KNOWN)).toBe(1);
  });

  it('refuses a document naming another issuer, at once and naming the option', async () => {
    server.handle(respondJson({ issuer: 'https://evil.test', jwks_uri: `${server.url}/keys` }));
    await expect(discover()).rejects.toThrow(
      `AgentAuthModule: jwt.1.discovery: ${server.url}${WELL_KNOWN} names the issuer "https://evil.test", not the configured "${server.url}"`,
    );
    expect(server.count(WELL_KNOWN)).toBe(1);
  });

  it.each([
    ['without jwks_uri', () => ({ issuer: server.url }), /has no jwks_uri/],
    ['with a plain-http jwks_uri on another host', () => ({ issuer: server.url, jwks_uri: 'http://keys.example.com/jwks' }), /must use https/],
    ['that is not an object', () => 'hello', /names the issuer undefined/],
  ])('refuses a document %s', async (_name, document, reason) => {
    server.handle(respondJson(document()));
    await expect(discover()).rejects.toThrow(reason);
  });

  it(`tries ${DISCOVERY_ATTEMPTS} times, then fails with the reason`, async () => {
    server.handle(respondJson({}, 503));
    await expect(discover()).rejects.toThrow(`could not be fetched after ${DISCOVERY_ATTEMPTS} attempts (HTTP 503)`);
    expect(server.count(WELL_KNOWN)).toBe(DISCOVERY_ATTEMPTS);
    expect(warn).toHaveBeenCalledTimes(DISCOVERY_ATTEMPTS - 1);
  });

  it('succeeds when the provider answers on a later attempt', async () => {
    let calls = 0;
    server.handle((request, response) => {
      calls += 1;
      if (calls === 1) return respondJson({}, 502)(request, response);
      return respondJson({ issuer: server.url, jwks_uri: `${server.url}/keys` })(request, response);
    });
    await expect(discover()).resolves.toBe(`${server.url}/keys`);
    expect(server.count(WELL_KNOWN)).toBe(2);
  });
});
