import { describe, expect, it } from '@jest/globals';
import { matchesRoute, parseRoutePattern, splitRoutePath } from './route-pattern.js';

const covers = (pattern: string, method: string, path: string) => matchesRoute(parseRoutePattern(pattern), method, splitRoutePath(path));

describe('route patterns', () => {
  it('parses an optional method and the path segments', () => {
    expect(parseRoutePattern('get /Docs/**')).toEqual({ source: 'get /Docs/**', method: 'GET', segments: ['docs', '**'] });
    expect(parseRoutePattern('/agents/:id')).toEqual({ source: '/agents/:id', method: undefined, segments: ['agents', '*'] });
  });

  it.each([
    ['', 'the path must start with "/"'],
    ['health', 'the path must start with "/"'],
    ['FETCH /x', 'unknown method "FETCH"'],
    ['/a/***', 'cannot parse segment "***"'],
    ['/a/b*', 'cannot parse segment "b*"'],
    ['/a/../b', 'cannot parse segment ".."'],
    ['/a/%2e', 'cannot parse segment "%2e"'],
    ['/a/:', 'cannot parse segment ":"'],
  ])('refuses %j: %s', (pattern, reason) => {
    expect(() => parseRoutePattern(pattern)).toThrow(reason);
  });

  it('matches literal segments case-insensitively and ignores trailing slashes', () => {
    expect(covers('GET /health', 'GET', '/Health/')).toBe(true);
    expect(covers('GET /health', 'GET', '/healthz')).toBe(false);
  });

  it('matches one segment with * or :name, a declared parameter included', () => {
    expect(covers('/agents/*', 'GET', '/agents/:id')).toBe(true);
    expect(covers('/agents/:agentId', 'GET', '/agents/:id')).toBe(true);
    expect(covers('/agents/*', 'GET', '/agents')).toBe(false);
    expect(covers('/agents/*', 'GET', '/agents/:id/text')).toBe(false);
  });

  it('matches zero or more segments with **, anywhere in the pattern', () => {
    expect(covers('/docs/**', 'GET', '/docs')).toBe(true);
    expect(covers('/docs/**', 'GET', '/docs/a/b/c')).toBe(true);
    expect(covers('/**/health', 'GET', '/v1/internal/health')).toBe(true);
    expect(covers('/**/health', 'GET', '/health/details')).toBe(false);
    expect(covers('/a/**/b/**/c', 'GET', '/a/x/b/y/z/c')).toBe(true);
    expect(covers('/a/**/b/**/c', 'GET', '/a/x/c')).toBe(false);
  });

  it('never lets a literal pattern cover a declared parameter', () => {
    expect(covers('/agents/list', 'GET', '/agents/:id')).toBe(false);
  });

  it('lets GET cover HEAD, and only a method-less pattern cover @All() routes', () => {
    expect(covers('GET /health', 'HEAD', '/health')).toBe(true);
    expect(covers('GET /health', 'POST', '/health')).toBe(false);
    expect(covers('GET /health', 'ALL', '/health')).toBe(false);
    expect(covers('/health', 'ALL', '/health')).toBe(true);
  });

  it('stays linear on adversarial ** patterns', () => {
    const pattern = parseRoutePattern(`/${Array.from({ length: 20 }, () => '**/a').join('/')}/b`);
    const path = Array.from({ length: 200 }, () => 'a');
    expect(matchesRoute(pattern, 'GET', path)).toBe(false);
  });
});
