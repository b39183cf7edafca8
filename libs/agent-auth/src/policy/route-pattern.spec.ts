import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { matchesRoute, parseRoutePattern, splitRoutePath, type RoutePattern } from './route-pattern.js';

const covers = (pattern: string, method: string, path: string, caseSensitive = false) =>
  matchesRoute(parseRoutePattern(pattern), method, splitRoutePath(path), caseSensitive);

describe('route patterns', () => {
  it('parses an optional method and the path segments', () => {
    expect(parseRoutePattern('get /Docs/**')).toEqual({ source: 'get /Docs/**', method: 'GET', segments: ['Docs', '**'], params: [] });
    expect(parseRoutePattern('/agents/:id')).toEqual({
      source: '/agents/:id',
      method: undefined,
      segments: ['agents', '*'],
      params: [{ name: 'id', segment: 1 }],
    });
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

  it('matches literal segments case-insensitively on a case-insensitive router, and ignores trailing slashes', () => {
    expect(covers('GET /health', 'GET', '/Health/')).toBe(true);
    expect(covers('GET /HEALTH', 'GET', '/health')).toBe(true);
    expect(covers('GET /health', 'GET', '/healthz')).toBe(false);
  });

  it('matches literal segments in the same case only on a case-sensitive router', () => {
    expect(covers('GET /health', 'GET', '/health/', true)).toBe(true);
    expect(covers('GET /health', 'GET', '/Health', true)).toBe(false);
    expect(covers('GET /Status', 'GET', '/status', true)).toBe(false);
    expect(covers('/docs/**', 'GET', '/Docs/a', true)).toBe(false);
  });

  it('folds only ASCII letters: no other character stands for a letter of the pattern', () => {
    expect(covers('/key', 'GET', '/\u212Aey')).toBe(false);
    expect(covers('/kiss', 'GET', '/ki\u017Fs')).toBe(false);
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
    expect(matchesRoute(pattern, 'GET', path, false)).toBe(false);
  });
});

/** The matcher's meaning, stated as a plain (exponential) recursion: fine for the short inputs it is used on. */
function reference(pattern: readonly string[], path: readonly string[], caseSensitive: boolean): boolean {
  const same = (literal: string, segment: string) => (caseSensitive ? literal === segment : literal.toLowerCase() === segment.toLowerCase());
  if (pattern.length === 0) return path.length === 0;
  if (pattern[0] === '**') {
    return reference(pattern.slice(1), path, caseSensitive) || (path.length > 0 && reference(pattern, path.slice(1), caseSensitive));
  }
  return path.length > 0 && (pattern[0] === '*' || same(pattern[0], path[0])) && reference(pattern.slice(1), path.slice(1), caseSensitive);
}

/** Counts every element and length read the matcher makes on its inputs: its work, without a clock. */
function countedMatch(pattern: RoutePattern, path: readonly string[]): { matched: boolean; reads: number } {
  let reads = 0;
  const counted = (list: readonly string[]) =>
    new Proxy(list, {
      get(target, property, receiver) {
        reads++;
        return Reflect.get(target, property, receiver);
      },
    });
  const matched = matchesRoute({ ...pattern, segments: counted(pattern.segments) }, 'GET', counted(path), false);
  return { matched, reads };
}

const patternSegments = fc.array(fc.constantFrom('**', '*', ':id', 'a', 'b', 'B'), { maxLength: 6 });
const pathSegments = (maxLength: number) => fc.array(fc.constantFrom('a', 'b', 'c', 'A'), { maxLength });
const patternOf = (segments: readonly string[]) => parseRoutePattern(`GET /${segments.join('/')}`);

describe('route patterns on random input (fast-check)', () => {
  it('either parses random text or throws an Error that says why', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (source) => {
        try {
          const pattern = parseRoutePattern(source);
          return pattern.segments.every((segment) => segment === '**' || segment === '*' || /^[A-Za-z0-9._~@-]+$/.test(segment));
        } catch (error) {
          return error instanceof Error && error.message.length > 0;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with the reference matcher, under either case rule', () => {
    fc.assert(
      fc.property(patternSegments, pathSegments(8), fc.boolean(), (pattern, path, caseSensitive) => {
        const compiled = patternOf(pattern);
        const segments = splitRoutePath(`/${path.join('/')}`);
        expect(matchesRoute(compiled, 'GET', segments, caseSensitive)).toBe(reference(compiled.segments, segments, caseSensitive));
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws on any method or segment list', () => {
    fc.assert(
      fc.property(patternSegments, fc.string(), fc.array(fc.string({ unit: 'binary' }), { maxLength: 10 }), (pattern, method, path) => {
        expect(typeof matchesRoute(patternOf(pattern), method, path, false)).toBe('boolean');
      }),
    );
  });

  it('does work bounded by (pattern + 1) × (path + 1) reads, so linear in the path for any one pattern', () => {
    fc.assert(
      fc.property(patternSegments, pathSegments(200), (pattern, path) => {
        const compiled = patternOf(pattern);
        const { reads } = countedMatch(compiled, path);
        expect(reads).toBeLessThanOrEqual(8 * (compiled.segments.length + 1) * (path.length + 1));
      }),
      { numRuns: 500 },
    );
  });

  it('grows linearly on the worst case for backtracking (many ** and a near-miss path)', () => {
    const pattern = parseRoutePattern('GET /**/a/**/a/**/a/**/b');
    const work = (length: number) =>
      countedMatch(
        pattern,
        Array.from({ length }, () => 'a'),
      ).reads;
    expect(
      countedMatch(
        pattern,
        Array.from({ length: 1000 }, () => 'a'),
      ).matched,
    ).toBe(false);
    const [small, large] = [work(2000), work(4000)];
    expect(large / small).toBeLessThan(2.2);
  });
});
