const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'SEARCH']);
const LITERAL_SEGMENT = /^[A-Za-z0-9._~@-]+$/;
const PARAM_SEGMENT = /^:[A-Za-z_][A-Za-z0-9_]*$/;

/** Stands for any one segment in a compiled pattern (`*` and `:name` alike). */
const ONE = '*';
/** Stands for any number of segments, zero included. */
const ANY = '**';

/** A parsed `publicRoutes` / `protectedRoutes` entry such as `GET /docs/**`. */
export interface RoutePattern {
  /** The pattern as the user wrote it. */
  readonly source: string;
  /** Upper-case method, or undefined for every method. */
  readonly method?: string;
  /** Literal segments as written, `*` or `**`. */
  readonly segments: readonly string[];
  /** Its `:name` segments, in order: each name and the index of its segment. */
  readonly params: readonly RoutePatternParam[];
}

/** One `:name` segment of a {@link RoutePattern}. */
export interface RoutePatternParam {
  readonly name: string;
  /** Its index in {@link RoutePattern.segments}. */
  readonly segment: number;
}

/**
 * Parses `"[METHOD ]/path"`: `*` or `:name` is one segment, `**` any number of them (zero included).
 * @throws Error with the reason when the pattern cannot be parsed.
 */
export function parseRoutePattern(source: string): RoutePattern {
  const space = source.indexOf(' ');
  const method = space === -1 ? undefined : source.slice(0, space).toUpperCase();
  const path = space === -1 ? source : source.slice(space + 1);
  if (method !== undefined && !METHODS.has(method)) throw new Error(`unknown method "${source.slice(0, space)}"`);
  if (!path.startsWith('/')) throw new Error('the path must start with "/"');
  const params: RoutePatternParam[] = [];
  const segments = path
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment, index) => {
      if (segment === ANY || segment === ONE) return segment;
      if (PARAM_SEGMENT.test(segment)) {
        params.push({ name: segment.slice(1), segment: index });
        return ONE;
      }
      if (LITERAL_SEGMENT.test(segment) && segment !== '.' && segment !== '..') return segment;
      throw new Error(`cannot parse segment "${segment}"`);
    });
  return { source, method, segments, params };
}

/** Splits a declared route path (`/api/agents/:id`) the way patterns are compiled. */
export function splitRoutePath(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

/**
 * Whether a pattern covers a declared route. Literal segments match in the same case when `caseSensitive` (the
 * router's rule: Fastify's default), else with ASCII letters folded (Express's default; pattern literals are ASCII);
 * a `GET` pattern also covers `HEAD`; an `@All()` route is covered only by a pattern without a method.
 */
export function matchesRoute(pattern: RoutePattern, method: string, segments: readonly string[], caseSensitive: boolean): boolean {
  if (pattern.method !== undefined && pattern.method !== method && !(pattern.method === 'GET' && method === 'HEAD')) {
    return false;
  }
  return matchSegments(pattern.segments, segments, caseSensitive ? sameSegment : sameSegmentIgnoringCase);
}

function sameSegment(pattern: string, path: string): boolean {
  return pattern === path;
}

function sameSegmentIgnoringCase(pattern: string, path: string): boolean {
  return pattern.length === path.length && foldAsciiCase(pattern) === foldAsciiCase(path);
}

/** Lower-cases A–Z only: no other character folds onto an ASCII one (as `'\u212A'.toLowerCase()` would onto `k`). */
function foldAsciiCase(text: string): string {
  return text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}

/** Glob match over segments in O(pattern × path): backtracks only to the last `**`, never exponential. */
function matchSegments(pattern: readonly string[], path: readonly string[], same: (pattern: string, path: string) => boolean): boolean {
  let p = 0;
  let s = 0;
  let lastAny = -1;
  let resumeAt = 0;
  while (s < path.length) {
    if (p < pattern.length && pattern[p] === ANY) {
      lastAny = p++;
      resumeAt = s;
    } else if (p < pattern.length && (pattern[p] === ONE || same(pattern[p], path[s]))) {
      p++;
      s++;
    } else if (lastAny !== -1) {
      p = lastAny + 1;
      s = ++resumeAt;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === ANY) p++;
  return p === pattern.length;
}
