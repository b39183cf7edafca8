import { describe, expect, it } from '@jest/globals';
import type { AgentAuthModuleOptions } from './agent-auth-module.options.js';
import { AuthorizationRule } from './authorization-rule.options.js';
import { validateAgentAuthOptions } from './validate-options.js';

const jwt = { secret: 'a'.repeat(32) };
const problemsOf = (rules: unknown): string => {
  try {
    validateAgentAuthOptions({ jwt, rules } as AgentAuthModuleOptions);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the rules to be refused');
};

class RunPolicy {
  authorize(): boolean {
    return true;
  }
}

describe('rules option', () => {
  it('accepts rules with any of the requirements, as AuthorizationRule instances', () => {
    const options = validateAgentAuthOptions({
      jwt,
      rules: [
        { route: 'POST /agents/:agent/run', roles: ['operator'], permissions: ['agents:{agent}:run'] },
        { route: '/admin/**', allRoles: ['admin', 'security'], scopes: ['admin'], allPermissions: ['admin:read'] },
        { route: 'GET /agents/:agent', authorize: RunPolicy },
        { route: '/**/health', roles: ['ops'] },
      ],
    });
    expect(options.rules?.every((rule) => rule instanceof AuthorizationRule)).toBe(true);
  });

  it('reports every problem of every rule in the one options error', () => {
    const message = problemsOf([
      { route: 'health', roles: ['ops'] },
      { route: '/agents/:agent' },
      { route: '/agents', roles: [] },
      { route: '/agents', scopes: [''] },
      { route: '/agents', permissions: ['agents:*:run'] },
      { route: '/agents', authorize: 'AgentPolicy' },
      { route: '/agents', roles: ['ops'], extra: true },
      'GET /agents',
    ]);
    expect(message).toMatch(/^Invalid AgentAuthModule options:/);
    expect(message).toContain('rules.0.route: has a pattern that cannot parse: "health" (the path must start with "/")');
    expect(message).toContain('rules.1: give at least one of roles, allRoles, scopes, permissions, allPermissions, authorize');
    expect(message).toContain('rules.2.roles: should not be empty');
    expect(message).toContain('rules.3.scopes: each value in scopes should not be empty');
    expect(message).toContain('rules.4.permissions: has a permission "agents:*:run": segment "*" must be a literal');
    expect(message).toContain('rules.5.authorize: must be a function');
    expect(message).toContain('rules.6.extra: property extra should not exist');
    expect(message).toContain('rules.7: each value in nested property rules must be either object or array');
  });

  it('refuses a placeholder that is not one of the pattern params', () => {
    expect(problemsOf([{ route: 'POST /agents/:agent/run', allPermissions: ['agents:{agent}:run', 'agents:{id}:read'] }])).toContain(
      'rules.0.allPermissions: agents:{id}:read names {id}, which is not a :name of POST /agents/:agent/run',
    );
    expect(problemsOf([{ route: 'POST /agents/*/run', permissions: ['agents:{agent}:run'] }])).toContain(
      'rules.0.permissions: agents:{agent}:run names {agent}, which is not a :name of POST /agents/*/run',
    );
  });

  it('refuses a named param after ** (its segment has no fixed position), and a name given twice', () => {
    expect(problemsOf([{ route: '/**/agents/:agent', permissions: ['agents:{agent}:run'] }])).toContain(
      'rules.0.route: :agent follows "**", so its segment has no fixed position (use * there, or drop the "**")',
    );
    expect(problemsOf([{ route: '/tenants/:id/agents/:id', roles: ['ops'] }])).toContain('rules.0.route: names :id twice');
  });
});
