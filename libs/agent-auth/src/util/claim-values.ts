/**
 * Own-property walk of a dot path such as `realm_access.roles`: `__proto__`, `toString` and friends never resolve.
 * A claim whose own name holds the dots (Auth0's namespaced `https://example.com/roles`) is read as that name first.
 */
export function readPath(source: unknown, path: readonly string[]): unknown {
  if (path.length > 1 && typeof source === 'object' && source !== null) {
    const literal = path.join('.');
    if (Object.hasOwn(source, literal)) return (source as Record<string, unknown>)[literal];
  }
  let current = source;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A claim as a list of strings: a list keeps its non-empty strings, a string is split on spaces, anything else is empty. */
export function stringList(value: unknown): string[] {
  if (typeof value === 'string') return value.split(' ').filter((item) => item !== '');
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string' && item !== '');
  return [];
}
