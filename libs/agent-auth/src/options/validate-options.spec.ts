import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import type { AgentAuthModuleOptions } from './agent-auth-module.options.js';
import type { JwtOptions } from './jwt.options.js';
import { validateAgentAuthOptions } from './validate-options.js';

const secret = 'a'.repeat(32);
const problemsOf = (options: unknown): string => {
  try {
    validateAgentAuthOptions(options as AgentAuthModuleOptions);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the options to be refused');
};

describe('validateAgentAuthOptions', () => {
  it('accepts a minimal configuration and returns it', () => {
    const options = validateAgentAuthOptions({ jwt: { secret }, publicRoutes: ['GET /health'] });
    expect((options.jwt as JwtOptions).secret).toBe(secret);
    expect(options.publicRoutes).toEqual(['GET /health']);
  });

  it('reports every problem at once, each under its option path', () => {
    const message = problemsOf({
      enabled: 'yes',
      jwt: { secret: 'short', algorithms: ['none'], clockTolerance: -1 },
      publicRoutes: ['GET /ok', 'health'],
    });
    expect(message).toMatch(/^Invalid AgentAuthModule options:/);
    expect(message).toContain('enabled: must be a boolean value');
    expect(message).toContain('jwt.secret: must be a string or Buffer of at least 32 bytes');
    expect(message).toContain('jwt.algorithms: each value in algorithms must be one of the following values');
    expect(message).toContain('jwt.clockTolerance: must not be less than 0');
    expect(message).toContain('publicRoutes: has a pattern that cannot parse: "health" (the path must start with "/")');
  });

  it('never echoes a secret in its message', () => {
    expect(problemsOf({ jwt: { secret: 'hunter2-secret' } })).not.toContain('hunter2');
  });

  it('refuses unknown options (a typo must not silently disable a setting)', () => {
    expect(problemsOf({ jwt: { secret }, publicRoute: ['/x'] })).toContain('property publicRoute should not exist');
  });

  it('needs exactly one key source', () => {
    expect(problemsOf({ jwt: {} })).toContain('jwt: give exactly one of secret, publicKey, jwksUri or discovery: true');
  });

  it('needs algorithms with a public key, and refuses HS* with it', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(problemsOf({ jwt: { publicKey } })).toContain('jwt.algorithms: required with a public key');
    expect(problemsOf({ jwt: { publicKey, algorithms: ['HS256'] } })).toContain('algorithm confusion');
    expect((validateAgentAuthOptions({ jwt: { publicKey, algorithms: ['RS256'] } }).jwt as JwtOptions).algorithms).toEqual(['RS256']);
  });

  it('refuses a maxAge that is not a duration', () => {
    expect(problemsOf({ jwt: { secret, maxAge: '1 hour' } })).toContain('jwt.maxAge: must be a number of seconds or a duration');
    expect((validateAgentAuthOptions({ jwt: { secret, maxAge: '1h' } }).jwt as JwtOptions).maxAge).toBe('1h');
  });

  it('refuses a secret with asymmetric algorithms', () => {
    expect(problemsOf({ jwt: { secret, algorithms: ['RS256'] } })).toContain('jwt.algorithms: a secret only verifies HS256, HS384 or HS512');
  });

  it('refuses a built-in strategy listed but not configured', () => {
    expect(problemsOf({ strategies: ['jwt'] })).toContain('strategies: "jwt" is listed but jwt is not configured');
  });

  it('refuses non-object options', () => {
    expect(problemsOf('jwt')).toContain('options must be an object');
  });
});

const HASH = `sha256:${'ab'.repeat(32)}`;
const KEY = 'k'.repeat(24);

describe('validateAgentAuthOptions: apiKey', () => {
  it('accepts plain keys, hashed keys and full definitions', () => {
    const options = validateAgentAuthOptions({
      apiKey: {
        header: 'X-Agent-Key',
        scheme: 'Token',
        acceptBearer: true,
        cacheTtl: '1m',
        keys: [
          KEY,
          {
            id: 'ci-bot',
            hash: HASH.toUpperCase().replace('SHA256', 'sha256'),
            roles: ['operator'],
            scopes: ['a'],
            tenantId: 't1',
            expiresAt: '2999-01-01T00:00:00Z',
          },
        ],
      },
    });
    expect(options.apiKey?.keys).toHaveLength(2);
  });

  it.each([
    ['an empty key', { keys: [''] }, 'apiKey.keys.0.key: must not be empty'],
    ['a short key', { keys: ['short'] }, 'apiKey.keys.0.key: must be a string of 16 to 512 visible ASCII characters'],
    ['a key with a space', { keys: [{ key: `${KEY} x` }] }, 'apiKey.keys.0.key: must be a string of 16'],
    ['a key with a comma', { keys: [`${KEY},x`] }, 'apiKey.keys.0.key: must be a string of 16'],
    ['a bad hash', { keys: [{ hash: 'sha256:1234' }] }, "apiKey.keys.0.hash: must be 'sha256:' followed by 64 hex digits"],
    ['a hash of another algorithm', { keys: [{ hash: `md5:${'ab'.repeat(32)}` }] }, 'apiKey.keys.0.hash: must be'],
    ['both key and hash', { keys: [{ key: KEY, hash: HASH }] }, 'apiKey.keys.0: give exactly one of key or hash'],
    ['neither key nor hash', { keys: [{ id: 'x' }] }, 'apiKey.keys.0: give exactly one of key or hash'],
    ['the same key twice', { keys: [KEY, { id: 'b', key: KEY }] }, 'apiKey.keys.1: the same key as apiKey.keys.0'],
    [
      'a key and its own hash',
      { keys: [{ hash: `sha256:${'0'.repeat(64)}` }, { hash: `sha256:${'0'.repeat(64)}` }] },
      'apiKey.keys.1: the same key as apiKey.keys.0',
    ],
    [
      'the same id twice',
      {
        keys: [
          { id: 'a', key: KEY },
          { id: 'a', hash: HASH },
        ],
      },
      'apiKey.keys.1.id: "a" is already the id of apiKey.keys.0',
    ],
    ['an unreadable expiresAt', { keys: [{ key: KEY, expiresAt: 'soon' }] }, 'apiKey.keys.0.expiresAt: must be a Date or an ISO 8601 date string'],
    ['roles that are not strings', { keys: [{ key: KEY, roles: [1] }] }, 'apiKey.keys.0.roles: each value in roles must be a string'],
    ['an unknown key field', { keys: [{ key: KEY, admin: true }] }, 'apiKey.keys.0.admin: property admin should not exist'],
    ['a number as a key', { keys: [42] }, 'apiKey.keys'],
    ['keys that are not a list', { keys: KEY }, 'apiKey.keys: must be an array'],
    ['a bad header name', { keys: [KEY], header: 'x api key' }, 'apiKey.header: must be a valid HTTP header name'],
    ['authorization as header', { keys: [KEY], header: 'authorization' }, 'apiKey.header: cannot be authorization'],
    ['Bearer as scheme', { keys: [KEY], scheme: 'bearer' }, 'apiKey.scheme: cannot be Bearer'],
    ['a bad cacheTtl', { keys: [KEY], cacheTtl: 'forever' }, 'apiKey.cacheTtl: must be a number of seconds'],
    ['a store without findByHash', { store: {} }, 'apiKey.store: must be an ApiKeyStore'],
    ['keys and a store', { keys: [KEY], store: { findByHash: () => undefined } }, 'apiKey: give keys or store, not both'],
    ['an unknown option', { keys: [KEY], prefix: 'x' }, 'apiKey.prefix: property prefix should not exist'],
  ])('reports %s by option path', (_name, apiKey, expected) => {
    expect(problemsOf({ apiKey })).toContain(expected);
  });

  it('never shows a key in its messages', () => {
    const secretish = 'S3cr3t-Value-With a space';
    const message = problemsOf({ apiKey: { keys: [secretish, { key: secretish, hash: HASH }] } });
    expect(message).toContain('apiKey.keys.0.key');
    expect(message).not.toContain('S3cr3t');
  });

  it('reports every problem at once', () => {
    const message = problemsOf({ apiKey: { keys: ['', { hash: 'bad' }], header: '' } });
    expect(message).toContain('apiKey.keys.0.key');
    expect(message).toContain('apiKey.keys.1.hash');
    expect(message).toContain('apiKey.header');
  });

  it("refuses strategies: ['api-key'] without apiKey", () => {
    expect(problemsOf({ strategies: ['jwt', 'api-key'], jwt: { secret: 's'.repeat(32) } })).toContain(
      'strategies: "api-key" is listed but apiKey is not configured',
    );
  });
});
