/** Longest path a ticket may be issued for. */
export const MAX_STREAM_PATH_LENGTH = 2048;

/** Characters allowed in a path segment besides percent-encodings (RFC 3986 `pchar`). */
const PCHAR = new Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@");
const HEX = new Set('0123456789abcdefABCDEF');

/**
 * Why a path is not in the canonical form a ticket is issued for, or undefined when it is: absolute (`/…`),
 * no query or fragment, no empty, `.` or `..` segment, no trailing slash (the root aside), only RFC 3986 path
 * characters and well-formed percent-encodings. A ticket is then accepted only on a request whose raw path
 * is exactly this string, so encodings, case, `//` and trailing-slash variants never match.
 */
export function streamPathProblem(path: string): string | undefined {
  if (path.length === 0 || path.length > MAX_STREAM_PATH_LENGTH) return `must be 1 to ${MAX_STREAM_PATH_LENGTH} characters`;
  if (path[0] !== '/') return 'must start with "/"';
  if (path === '/') return undefined;
  for (const segment of path.slice(1).split('/')) {
    if (segment === '' || segment === '.' || segment === '..') return 'must not have empty, "." or ".." segments, nor a trailing slash';
    for (let i = 0; i < segment.length; i++) {
      const char = segment[i];
      if (char === '%') {
        if (!HEX.has(segment[i + 1] ?? '') || !HEX.has(segment[i + 2] ?? '')) return 'has a malformed percent-encoding';
        i += 2;
      } else if (!PCHAR.has(char)) {
        return 'has a character that must be percent-encoded (or a query or fragment)';
      }
    }
  }
  return undefined;
}

/** The path of a request target (`/a/b?x=1` → `/a/b`), compared as received: never decoded nor normalized. */
export function requestPath(target: string): string {
  const query = target.indexOf('?');
  return query === -1 ? target : target.slice(0, query);
}
