import { describe, expect, it } from '@jest/globals';
import { principalAuthContext, principalClaims } from './test-principal.js';

describe('principalClaims', () => {
  it('puts the principal at the default claims, scopes space-delimited, with an hour to live', () => {
    const claims = principalClaims({ sub: 'ann', roles: ['admin'], scopes: ['a', 'b'], permissions: ['agents:*:run'], tenantId: 'acme' });
    expect(claims).toEqual({
      sub: 'ann',
      iat: expect.any(Number),
      exp: (claims.iat as number) + 3600,
      roles: ['admin'],
      scope: 'a b',
      permissions: ['agents:*:run'],
      tenant_id: 'acme',
    });
  });

  it('nests dot paths, sharing their parents, and keeps a namespaced claim whole', () => {
    const claims = principalClaims(
      { roles: ['admin'], permissions: ['p'], tenantId: 't', scopes: ['s'] },
      { rolesClaim: 'app.access.roles', permissionsClaim: 'app.permissions', tenantClaim: 'https://example.com/tenant', scopesClaim: 'scp' },
    );
    expect(claims).toMatchObject({ app: { access: { roles: ['admin'] }, permissions: ['p'] }, 'https://example.com/tenant': 't', scp: 's' });
  });

  it('leaves out what the principal does not have, defaults the subject, and lets extra claims win', () => {
    const claims = principalClaims({ expiresIn: '15m', claims: { sub: 'override', azp: 'cli' } });
    expect(Object.keys(claims).sort()).toEqual(['azp', 'exp', 'iat', 'sub']);
    expect(claims).toMatchObject({ sub: 'override', azp: 'cli', exp: (claims.iat as number) + 900 });
    expect(principalClaims({}).sub).toBe('test-user');
  });

  it('refuses a lifetime that is not a duration', () => {
    expect(() => principalClaims({ expiresIn: 'soon' })).toThrow('expiresIn is not a duration: "soon"');
  });
});

describe('principalAuthContext', () => {
  it('is what a kit token for the principal authenticates as', () => {
    const auth = principalAuthContext({ sub: 'ann', roles: ['admin'], tenantId: 'acme' });
    expect(auth).toMatchObject({ userId: 'ann', method: 'jwt', roles: ['admin'], scopes: [], permissions: [], tenantId: 'acme' });
    expect(auth.claims).toMatchObject({ sub: 'ann', exp: expect.any(Number) });
  });
});
