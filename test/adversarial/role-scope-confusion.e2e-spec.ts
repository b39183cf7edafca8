import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getWithBearer, startAdversarialApp } from '../support/adversarial-app.js';
import { rawRequest } from '../support/raw-http.js';
import { expectRefused } from '../support/refusal.js';
import { PLATFORMS, type TestApp } from '../support/test-app.js';
import { hmacToken, newSecret } from '../support/tokens.js';

/**
 * Roles and scopes of unexpected types and names, in validly signed tokens: only a string role equal to a required
 * one grants it (a single string counts as a one-element list, split on spaces like `scope`); objects, nested lists,
 * case variants, substrings and prototype names (`__proto__`, `toString`, `constructor`) grant nothing.
 */
const secret = newSecret();
const now = () => Math.floor(Date.now() / 1000);
const signed = (claims: Record<string, unknown> | string) =>
  hmacToken(secret, { alg: 'HS256', typ: 'JWT' }, typeof claims === 'string' ? claims : { sub: 'u1', exp: now() + 3600, ...claims });

describe.each(PLATFORMS)('role and scope type confusion on %s', (platform) => {
  let server: TestApp;
  let nested: TestApp;
  let prototypeClaim: TestApp;
  beforeAll(async () => {
    server = await startAdversarialApp(platform, { jwt: { secret } });
    nested = await startAdversarialApp(platform, { jwt: { secret, rolesClaim: 'realm_access.roles' } });
    prototypeClaim = await startAdversarialApp(platform, { jwt: { secret, rolesClaim: 'constructor.prototype', scopesClaim: '__proto__' } });
  });
  afterAll(() => Promise.all([server.close(), nested.close(), prototypeClaim.close()]));

  const forbidden = (app: TestApp, token: string, path = '/admin', code = 'insufficient_role') =>
    expectRefused(app, () => getWithBearer(app, token, path), { status: 403, code }, [token, secret]);

  it.each<[string, unknown]>([
    ['["admin"]', ['admin']],
    ['"admin"', 'admin'],
    ['"viewer admin" (space-delimited)', 'viewer admin'],
  ])('grants @Roles("admin") to roles %s (control)', async (_name, roles) => {
    expect((await getWithBearer(server, signed({ roles }), '/admin')).status).toBe(200);
  });

  it.each<[string, unknown]>([
    ['a longer string', 'administrator'],
    ['a prefix', 'adm'],
    ['another case', ['ADMIN']],
    ['padding', ['admin ']],
    ['a comma list', 'viewer,admin'],
    ['a nested list', [['admin']]],
    ['an object keyed by role', { admin: true }],
    ['an array-like object', { 0: 'admin', length: 1 }],
    ['an object with toString', [{ toString: 'admin' }]],
    ['true', true],
    ['a number', 1],
    ['null', null],
    ['an empty list', []],
  ])('refuses roles as %s: 403 insufficient_role', async (_name, roles) => {
    await forbidden(server, signed({ roles }));
  });

  it.each([
    ['__proto__', '"__proto__":{"roles":["admin"]}'],
    ['constructor.prototype', '"constructor":{"prototype":{"roles":["admin"]}}'],
    ['a role in a scope claim', '"scope":"admin"'],
  ])('refuses roles smuggled through %s: 403 insufficient_role', async (_name, member) => {
    await forbidden(server, signed(`{"sub":"u1","exp":${now() + 3600},${member}}`));
  });

  it.each([[[]], [{}], ['x'], [JSON.parse('{"__proto__":"__proto__"}')], [{ toString: 'toString' }]])(
    'refuses roles %j on @Roles("__proto__", "toString", "constructor", "hasOwnProperty")',
    async (roles) => {
      await forbidden(server, signed({ roles }), '/prototype-roles');
    },
  );

  it.each([[['__proto__']], [['toString', 'x']], ['constructor']])(
    'grants those prototype-named roles only when named exactly: %j',
    async (roles) => {
      expect((await getWithBearer(server, signed({ roles }), '/prototype-roles')).status).toBe(200);
    },
  );

  it.each<[string, unknown]>([
    ['a list instead of an object', { realm_access: ['admin'] }],
    ['a string instead of an object', { realm_access: 'admin' }],
    ['the prototype of the object', { realm_access: JSON.parse('{"__proto__":{"roles":["admin"]}}') }],
  ])('refuses a nested roles claim given as %s', async (_name, claims) => {
    await forbidden(nested, signed(claims as Record<string, unknown>));
  });

  it('reads a nested roles claim, or a claim named with the whole dotted path (Auth0 namespaces) (control)', async () => {
    expect((await getWithBearer(nested, signed({ realm_access: { roles: ['admin'] } }), '/admin')).status).toBe(200);
    expect((await getWithBearer(nested, signed({ 'realm_access.roles': ['admin'] }), '/admin')).status).toBe(200);
  });

  it('never resolves a claim path through the prototype chain', async () => {
    await forbidden(prototypeClaim, signed({ roles: ['admin'] }));
    const scoped = signed({ scope: 'agents:execute' });
    await expectRefused(
      prototypeClaim,
      () => rawRequest(prototypeClaim.url, 'POST', '/agents/run', { authorization: `Bearer ${scoped}` }),
      { status: 403, code: 'insufficient_scope' },
      [scoped],
    );
  });

  const run = (token: string) => rawRequest(server.url, 'POST', '/agents/run', { authorization: `Bearer ${token}` });

  it.each<[string, Record<string, unknown>]>([
    ['scope "agents:execute"', { scope: 'agents:execute' }],
    ['scope ["agents:execute"]', { scope: ['agents:execute'] }],
    ['scp "agents:execute"', { scp: 'agents:execute' }],
  ])('grants @Scopes("agents:execute") to %s (control)', async (_name, claims) => {
    expect((await run(signed(claims))).status).toBe(200);
  });

  it.each<[string, Record<string, unknown>]>([
    ['a longer scope', { scope: 'agents:executeAll' }],
    ['a wildcard', { scope: 'agents:*' }],
    ['a star', { scope: '*' }],
    ['another case', { scope: 'AGENTS:EXECUTE' }],
    ['a list holding a space-delimited string', { scope: ['agents:read agents:execute'] }],
    ['a comma list', { scope: 'agents:read,agents:execute' }],
    ['an object', { scope: { 'agents:execute': true } }],
    ['a nested list', { scope: [['agents:execute']] }],
    ['a role', { roles: ['agents:execute'] }],
  ])('refuses %s: 403 insufficient_scope with the scope challenge', async (_name, claims) => {
    const token = signed(claims);
    const response = await expectRefused(server, () => run(token), { status: 403, code: 'insufficient_scope' }, [token]);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="api", error="insufficient_scope", scope="agents:execute"');
  });
});
