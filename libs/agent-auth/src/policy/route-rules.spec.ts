import { describe, expect, it } from '@jest/globals';
import { AuthorizationRule } from '../options/authorization-rule.options.js';
import { splitRoutePath } from './route-pattern.js';
import { applyRules, NO_RULES, parseRule, type SegmentedRoute } from './route-rules.js';

class RunPolicy {
  authorize(): boolean {
    return true;
  }
}

const rule = (fields: Partial<AuthorizationRule> & { route: string }) => parseRule(Object.assign(new AuthorizationRule(), fields));
const routes = (...declared: string[]): SegmentedRoute[] =>
  declared.map((route) => {
    const [method, path] = route.split(' ');
    return { method, segments: splitRoutePath(path) };
  });
const apply = (rules: ReturnType<typeof rule>[], declared: SegmentedRoute[], caseSensitive = false) =>
  applyRules(rules, declared, caseSensitive, 'AgentsController.run');

describe('applyRules', () => {
  it('renames a placeholder to the declared param at the pattern param segment', () => {
    const { requirements, problems } = apply(
      [rule({ route: 'POST /agents/:agent/run', permissions: ['agents:{agent}:run', 'fleet:{agent}'] })],
      routes('POST /agents/:id/run'),
    );
    expect(problems).toEqual([]);
    expect(requirements.rules).toEqual(['POST /agents/:agent/run']);
    expect(requirements.permissions).toEqual([
      {
        match: 'any',
        permissions: [
          { source: 'agents:{id}:run', segments: [{ literal: 'agents' }, { param: 'id' }, { literal: 'run' }], params: ['id'] },
          { source: 'fleet:{id}', segments: [{ literal: 'fleet' }, { param: 'id' }], params: ['id'] },
        ],
      },
    ]);
  });

  it('fills a placeholder with the literal a declared route has at that segment', () => {
    const { requirements } = apply(
      [rule({ route: '/agents/:agent/run', allPermissions: ['agents:{agent}:run'] })],
      routes('POST /agents/special/run'),
    );
    expect(requirements.permissions).toEqual([
      {
        match: 'all',
        permissions: [{ source: 'agents:special:run', segments: [{ literal: 'agents' }, { literal: 'special' }, { literal: 'run' }], params: [] }],
      },
    ]);
  });

  it('adds roles (any of, all of), scopes and predicates, in rule order, from every rule that covers a route', () => {
    const { requirements } = apply(
      [
        rule({ route: '/agents/**', roles: ['operator'], scopes: ['agents'] }),
        rule({ route: 'POST /agents/:agent/run', allRoles: ['runner', 'vetted'], scopes: ['agents', 'run'], authorize: RunPolicy }),
        rule({ route: 'GET /agents/:agent', roles: ['reader'] }),
      ],
      routes('POST /agents/:id/run'),
    );
    expect(requirements.rules).toEqual(['/agents/**', 'POST /agents/:agent/run']);
    expect(requirements.roles).toEqual([
      { roles: ['operator'], match: 'any' },
      { roles: ['runner', 'vetted'], match: 'all' },
    ]);
    expect(requirements.scopes).toEqual(['agents', 'run']);
    expect(requirements.predicates).toEqual([{ rule: 'POST /agents/:agent/run', predicate: RunPolicy, params: { agent: { param: 'id' } } }]);
  });

  it('applies a rule to a handler when it covers any one of its routes (the union: never weaker on any path)', () => {
    const { requirements } = apply(
      [rule({ route: '/agents/:agent/run', permissions: ['agents:{agent}:run'] })],
      routes('POST /agents/:id/run', 'POST /bots/:id/run'),
    );
    expect(requirements.permissions[0].permissions[0].source).toBe('agents:{id}:run');
  });

  it('adds nothing to a handler no rule covers', () => {
    expect(apply([rule({ route: 'GET /agents', roles: ['a'] })], routes('POST /agents'))).toEqual({ requirements: NO_RULES, problems: [] });
    expect(apply([rule({ route: 'GET /agents', roles: ['a'] })], [])).toEqual({ requirements: NO_RULES, problems: [] });
  });

  it('matches with the router case rule, and covers an @All() route with a pattern of any method', () => {
    const upper = rule({ route: 'POST /Agents', roles: ['a'] });
    expect(apply([upper], routes('POST /agents')).requirements.rules).toEqual(['POST /Agents']);
    expect(apply([upper], routes('POST /agents'), true).requirements).toBe(NO_RULES);
    expect(apply([rule({ route: 'POST /agents', roles: ['a'] })], routes('ALL /agents')).requirements.rules).toEqual(['POST /agents']);
  });

  it('refuses a param that falls on different params of two routes of the handler', () => {
    const { problems } = apply(
      [rule({ route: '/agents/:agent/*', permissions: ['agents:{agent}'] })],
      routes('POST /agents/:id/run', 'POST /agents/:agentId/start'),
    );
    expect(problems).toEqual([
      'AgentsController.run: rule "/agents/:agent/*" reads :agent from different segments of its routes (:id, :agentId): give them the same param name',
    ]);
  });

  it('refuses a param that falls on a segment that is neither a whole param nor a literal', () => {
    const { problems } = apply([rule({ route: 'GET /files/:file', authorize: RunPolicy })], routes('GET /files/*path'));
    expect(problems).toEqual([
      'AgentsController.run: rule "GET /files/:file" reads :file from "*path" of GET /files/*path, which is neither a whole param nor a literal',
    ]);
  });

  it('ignores the segments of params nothing reads', () => {
    expect(apply([rule({ route: 'GET /files/:file', roles: ['a'] })], routes('GET /files/*path')).problems).toEqual([]);
  });
});
