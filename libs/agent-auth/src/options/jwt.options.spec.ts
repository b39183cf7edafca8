import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import type { AgentAuthModuleOptions } from './agent-auth-module.options.js';
import { validateAgentAuthOptions } from './validate-options.js';

const secret = 'x'.repeat(32);
const jwks = { jwksUri: 'https://auth.example.com/.well-known/jwks.json', algorithms: ['RS256'] };

/** The problems validation reports for some options, one per line (none when they are valid). */
function problems(options: unknown): string[] {
  try {
    validateAgentAuthOptions(options as AgentAuthModuleOptions);
    return [];
  } catch (error) {
    return (error as Error).message
      .split('\n')
      .slice(1)
      .map((line) => line.replace(/^ {2}- /, ''));
  }
}

describe('jwt options', () => {
  it.each([
    ['a secret', { secret }],
    ['a JWKS', jwks],
    ['a JWKS on a loopback host over http', { jwksUri: 'http://127.0.0.1:8080/jwks', algorithms: ['ES256', 'EdDSA'] }],
    ['plain http elsewhere with allowInsecureHttp', { jwksUri: 'http://keycloak:8080/jwks', algorithms: ['RS256'], allowInsecureHttp: true }],
    ['discovery', { issuer: 'https://auth.example.com/', discovery: true, algorithms: ['RS256'], audience: 'agent-api' }],
    ['remote key tuning', { ...jwks, jwksCooldown: '1m', jwksTimeout: 2, jwksCacheMaxAge: '1h' }],
    ['a maxAge duration', { secret, maxAge: '15m' }],
    ['tokens without exp, when told so', { secret, requireExpiry: false }],
  ])('accepts %s', (_name, jwt) => {
    expect(problems({ jwt })).toEqual([]);
  });

  it('accepts one configuration per issuer', () => {
    const jwt = [
      { issuer: 'https://a.example.com', ...jwks },
      { issuer: ['https://b.example.com', 'https://b2.example.com'], discovery: false, secret },
      { issuer: 'https://c.example.com/', discovery: true, algorithms: ['PS256'] },
    ];
    expect(problems({ jwt })).toEqual([]);
  });

  it.each([
    ['two key sources', { secret, ...jwks }, 'jwt: give exactly one of secret, publicKey, jwksUri or discovery: true'],
    ['no key source', { audience: 'api' }, 'jwt: give exactly one of secret, publicKey, jwksUri or discovery: true'],
    [
      'an undefined secret (an unset environment variable)',
      { secret: undefined },
      'jwt.secret is undefined: the environment variable it is read from is not set when forRoot() runs (ES modules run imports before a test sets process.env); set it before the app module is imported, or read it at startup: forRootAsync({ useFactory: () => ({ jwt: { secret: process.env.JWT_SECRET } }) }) or with ConfigService',
    ],
    [
      'a JWKS with HS256',
      { jwksUri: jwks.jwksUri, algorithms: ['RS256', 'HS256'] },
      'jwt.algorithms: HS* algorithms cannot be used with a public key or a JWKS (algorithm confusion)',
    ],
    [
      'discovery with HS256',
      { issuer: 'https://a.test', discovery: true, algorithms: ['HS256'] },
      'jwt.algorithms: HS* algorithms cannot be used with a public key or a JWKS (algorithm confusion)',
    ],
    [
      'a JWKS without algorithms',
      { jwksUri: jwks.jwksUri },
      'jwt.algorithms: required with a public key or a JWKS (pin the algorithms your issuer signs with)',
    ],
    [
      'a plain-http JWKS on the internet',
      { ...jwks, jwksUri: 'http://auth.example.com/jwks' },
      'jwt.jwksUri: must use https (http is only allowed for loopback hosts, or with allowInsecureHttp: true)',
    ],
    ['a relative JWKS URL', { ...jwks, jwksUri: '/jwks' }, 'jwt.jwksUri: must be an absolute URL'],
    ['discovery without issuer', { discovery: true, algorithms: ['RS256'] }, 'jwt.issuer: discovery needs exactly one issuer URL'],
    [
      'discovery with several issuers',
      { discovery: true, issuer: ['https://a.test', 'https://b.test'], algorithms: ['RS256'] },
      'jwt.issuer: discovery needs exactly one issuer URL',
    ],
    [
      'discovery over plain http',
      { discovery: true, issuer: 'http://auth.example.com', algorithms: ['RS256'] },
      'jwt.issuer: must use https (http is only allowed for loopback hosts, or with allowInsecureHttp: true)',
    ],
    ['discovery that is not a boolean', { ...jwks, discovery: 'yes' }, 'jwt.discovery: must be a boolean value'],
    ['JWKS tuning without a JWKS', { secret, jwksTimeout: '5s' }, 'jwt.jwksTimeout: only applies with jwksUri or discovery'],
    ['allowInsecureHttp without a JWKS', { secret, allowInsecureHttp: true }, 'jwt.allowInsecureHttp: only applies with jwksUri or discovery'],
    [
      'a cooldown under a second',
      { ...jwks, jwksCooldown: 0 },
      'jwt.jwksCooldown: must be at least 1 second (it bounds JWKS fetches under a flood of unknown kids)',
    ],
    ['a zero timeout', { ...jwks, jwksTimeout: '0s' }, 'jwt.jwksTimeout: must be more than 0'],
    [
      'a duration that does not parse',
      { ...jwks, jwksCacheMaxAge: 'ten minutes' },
      "jwt.jwksCacheMaxAge: must be a number of seconds or a duration such as '30s', '15m', '1h'",
    ],
    ['a maxAge that does not parse', { secret, maxAge: 'soon' }, "jwt.maxAge: must be a number of seconds or a duration such as '30s', '15m', '1h'"],
    ['EdDSA with a secret', { secret, algorithms: ['EdDSA'] }, 'jwt.algorithms: a secret only verifies HS256, HS384 or HS512'],
    ['requireExpiry that is not a boolean', { secret, requireExpiry: 'no' }, 'jwt.requireExpiry: must be a boolean value'],
  ])('refuses %s', (_name, jwt, problem) => {
    expect(problems({ jwt })).toContain(problem);
  });

  it('names the entry of a list in every problem (jwt.<index>), and reports them all at once', () => {
    const jwt = [
      { issuer: 'https://a.test', ...jwks },
      { issuer: 'https://b.test', jwksUri: 'http://b.test/jwks', algorithms: ['RS256', 'none'] },
      { issuer: 'https://c.test', secret: 'short', unknown: 1 },
    ];
    expect(problems({ jwt }).sort()).toEqual([
      'jwt.1.algorithms: each value in algorithms must be one of the following values: ' +
        'HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA',
      'jwt.1.jwksUri: must use https (http is only allowed for loopback hosts, or with allowInsecureHttp: true)',
      'jwt.2.secret: must be a string or Buffer of at least 32 bytes',
      'jwt.2.unknown: property unknown should not exist',
    ]);
  });

  it('needs an issuer on every entry of a list, each issuer owned by one entry', () => {
    const jwt = [{ issuer: 'https://a.test', ...jwks }, { secret }, { issuer: ['https://b.test', 'https://a.test'], secret }];
    expect(problems({ jwt })).toEqual([
      'jwt.1.issuer: required when jwt lists several configurations (tokens are routed by their iss)',
      'jwt.2.issuer: "https://a.test" is also the issuer of jwt.0',
    ]);
  });

  it('refuses an empty list and entries that are not objects', () => {
    expect(problems({ jwt: [] })).toEqual(['jwt: give at least one configuration']);
    expect(problems({ jwt: [{ secret }, 'secret'] }).join('\n')).toMatch(/jwt/);
  });

  it('keeps a single-entry list like a single configuration (no issuer needed)', () => {
    expect(problems({ jwt: [{ secret }] })).toEqual([]);
  });

  it('refuses at startup a public key that cannot verify the pinned algorithms', async () => {
    const { AgentAuthModule } = await import('../agent-auth.module.js');
    const { Test } = await import('@nestjs/testing');
    const publicKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    const compile = Test.createTestingModule({
      imports: [AgentAuthModule.forRoot({ jwt: { publicKey, algorithms: ['ES256', 'RS256'] } })],
    }).compile();
    await expect(compile).rejects.toThrow('jwt.publicKey: RS256 needs an RSA key, not ec');
  });
});
