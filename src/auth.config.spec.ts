import { describe, expect, it } from '@jest/globals';
import { demoAuthConfig } from './auth.config.js';

describe('demoAuthConfig', () => {
  it('uses OpenID Connect discovery with JWT_ISSUER and JWT_DISCOVERY=1', () => {
    const config = demoAuthConfig({ JWT_ISSUER: 'https://tenant.eu.auth0.com/', JWT_DISCOVERY: '1', JWT_AUDIENCE: 'agent-api' });
    expect(config.devSecret).toBeUndefined();
    expect(config.options.jwt).toEqual({
      issuer: 'https://tenant.eu.auth0.com/',
      discovery: true,
      jwksUri: undefined,
      audience: 'agent-api',
      algorithms: ['RS256'],
    });
  });

  it('uses a JWKS URL and the algorithms given', () => {
    const config = demoAuthConfig({ JWT_JWKS_URI: 'https://idp.test/keys', JWT_ALGORITHMS: 'ES256, EdDSA' });
    expect(config.options.jwt).toMatchObject({ jwksUri: 'https://idp.test/keys', discovery: undefined, algorithms: ['ES256', 'EdDSA'] });
  });

  it('falls back to a development secret generated for the run', () => {
    const config = demoAuthConfig({});
    expect(config.devSecret).toHaveLength(43);
    expect(config.options.jwt).toMatchObject({ secret: config.devSecret });
  });

  it('treats an empty JWT_SECRET (JWT_SECRET= npm start) as unset', () => {
    const config = demoAuthConfig({ JWT_SECRET: '' });
    expect(config.devSecret).toHaveLength(43);
    expect(config.options.jwt).toMatchObject({ secret: config.devSecret });
  });
});
