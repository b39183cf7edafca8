import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { matchesRoute, parseRoutePattern, splitRoutePath, type RoutePattern } from './route-pattern.js';

/** The matcher's meaning, stated as a plain (exponential) recursion: fine for the short inputs it is used on. */
function reference(pattern: readonly string[], path: readonly string[]): boolean {
  if (pattern.length === 0) return path.length === 0;
  if (pattern[0] === '**') return reference(pattern.slice(1), path) || (path.length > 0 && reference(pattern, path.slice(1)));
  return path.length > 0 && (pattern[0] === '*' || pattern[0] === path[0]) && reference(pattern.slice(1), path.slice(1));
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
  const matched = matchesRoute({ ...pattern, segments: counted(pattern.segments) }, 'GET', counted(path));
  return { matched, reads };
}

const patternSegments = fc.array(fc.constantFrom('**', '*', ':id', 'a', 'b', 'B'), { maxLength: 6 });
const pathSegments = (maxLength: number) => fc.array(fc.constantFrom('a', 'b', 'c', 'A'), { maxLength });
const patternOf = (segments: readonly string[]) => parseRoutePattern(`GET /${segments.join('/')}`);

describe('parseRoutePattern', () => {
  it.each([
    ['GET /health', 'GET', ['health']],
    ['/docs/**', undefined, ['docs', '**']],
    ['post /Agents/:id/run', 'POST', ['agents', '*', 'run']],
  ])('parses %j', (source, method, segments) => {
    expect(parseRoutePattern(source)).toEqual({ source, method, segments });
  });

  it.each(['GET health', 'FETCH /x', 'GET /a/../b', 'GET /a/%2e', 'GET /a b', 'GET /a/./b', 'GET /:1x'])('refuses %j', (source) => {
    expect(() => parseRoutePattern(source)).toThrow(Error);
  });

  it('either parses random text or throws an Error that says why', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (source) => {
        try {
          const pattern = parseRoutePattern(source);
          return pattern.segments.every((segment) => segment === '**' || segment === '*' || /^[a-z0-9._~@-]+$/.test(segment));
        } catch (error) {
          return error instanceof Error && error.message.length > 0;
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('matchesRoute', () => {
  it('agrees with the reference matcher, case-insensitively', () => {
    fc.assert(
      fc.property(patternSegments, pathSegments(8), (pattern, path) => {
        const compiled = patternOf(pattern);
        const segments = splitRoutePath(`/${path.join('/')}`);
        expect(matchesRoute(compiled, 'GET', segments)).toBe(reference(compiled.segments, segments));
      }),
      { numRuns: 3000 },
    );
  });

  it('lets a GET pattern cover HEAD, and a method-less pattern cover any method', () => {
    expect(matchesRoute(parseRoutePattern('GET /a'), 'HEAD', ['a'])).toBe(true);
    expect(matchesRoute(parseRoutePattern('GET /a'), 'POST', ['a'])).toBe(false);
    expect(matchesRoute(parseRoutePattern('HEAD /a'), 'GET', ['a'])).toBe(false);
    expect(matchesRoute(parseRoutePattern('/a'), 'DELETE', ['a'])).toBe(true);
  });

  it('never throws on any method or segment list', () => {
    fc.assert(
      fc.property(patternSegments, fc.string(), fc.array(fc.string({ unit: 'binary' }), { maxLength: 10 }), (pattern, method, path) => {
        expect(typeof matchesRoute(patternOf(pattern), method, path)).toBe('boolean');
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
    const work = (length: number) => countedMatch(pattern, Array.from({ length }, () => 'a')).reads;
    expect(countedMatch(pattern, Array.from({ length: 1000 }, () => 'a')).matched).toBe(false);
    const [small, large] = [work(2000), work(4000)];
    expect(large / small).toBeLessThan(2.2);
  });
});
