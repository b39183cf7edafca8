import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import type { AgentAuthModuleOptions } from './agent-auth-module.options.js';
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
    expect(options.jwt?.secret).toBe(secret);
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
    expect(problemsOf({ jwt: {} })).toContain('jwt: give exactly one of secret or publicKey');
  });

  it('needs algorithms with a public key, and refuses HS* with it', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(problemsOf({ jwt: { publicKey } })).toContain('jwt.algorithms: required with a public key');
    expect(problemsOf({ jwt: { publicKey, algorithms: ['HS256'] } })).toContain('algorithm confusion');
    expect(validateAgentAuthOptions({ jwt: { publicKey, algorithms: ['RS256'] } }).jwt?.algorithms).toEqual(['RS256']);
  });

  it('refuses a maxAge that is not a duration', () => {
    expect(problemsOf({ jwt: { secret, maxAge: '1 hour' } })).toContain('jwt.maxAge: must be a number of seconds or a duration');
    expect(validateAgentAuthOptions({ jwt: { secret, maxAge: '1h' } }).jwt?.maxAge).toBe('1h');
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
