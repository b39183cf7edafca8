import type { AuthContext } from '../auth-context.js';
import type { IdentityBinding } from '../policy/route-policy.js';
import type { CallInput } from '../transports/auth-transport.js';

/** Names that never resolve as a path segment: a binding cannot reach an object's prototype. */
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor']);
const SEGMENT = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/**
 * Parses the fields of `@BindIdentity({ userId: ['body.userId', 'query.userId'] })`: `body.` or `query.` followed
 * by a dot path of plain names.
 * @throws Error naming the path when it cannot be parsed.
 */
export function parseIdentityPath(source: string, principal: IdentityBinding['principal']): IdentityBinding {
  const [location, ...path] = source.split('.');
  if ((location !== 'body' && location !== 'query') || path.length === 0) {
    throw new Error(`identity field ${JSON.stringify(source)} must start with "body." or "query." and name a field`);
  }
  const bad = path.find((segment) => !SEGMENT.test(segment) || FORBIDDEN_SEGMENTS.has(segment));
  if (bad !== undefined) throw new Error(`identity field ${JSON.stringify(source)}: ${JSON.stringify(bad)} is not a plain field name`);
  return Object.freeze({ location, path: Object.freeze(path), principal });
}

/** The binding as written (`body.requestContext.userId`), for events and messages. */
export function identityField(binding: IdentityBinding): string {
  return `${binding.location}.${binding.path.join('.')}`;
}

/**
 * The first binding whose client-sent value is not the principal's: a value that is present (anything but
 * undefined) must be the same string. A principal without a tenant mismatches any `tenantId` sent.
 */
export function mismatchedIdentity(bindings: readonly IdentityBinding[], input: CallInput, auth: AuthContext): IdentityBinding | undefined {
  return bindings.find((binding) => {
    const sent = readField(input.fields[binding.location], binding.path);
    return sent !== undefined && sent !== auth[binding.principal];
  });
}

/**
 * Fills every bound field the client left out with the principal's value, creating the objects on its path
 * (`requestContext`), before pipes and the handler see them. A field whose container is not an object (a
 * string body) is left alone. The query is pinned on its holder first: Express 5 parses `req.query` anew on
 * every read, so a filled field would be lost otherwise.
 */
export function fillIdentity(bindings: readonly IdentityBinding[], input: CallInput, auth: AuthContext): void {
  for (const binding of bindings) {
    const value = auth[binding.principal];
    if (value === undefined || readField(input.fields[binding.location], binding.path) !== undefined) continue;
    const root = containerOf(input.fields, binding.location);
    if (root !== undefined) writeField(root, binding.path, value);
  }
}

function readField(source: unknown, path: readonly string[]): unknown {
  let current = source;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The body or query object to write into, made when there is none; undefined when it is not an object. */
function containerOf(fields: CallInput['fields'], location: IdentityBinding['location']): Record<string, unknown> | undefined {
  const current = fields[location];
  if (current === undefined || current === null) {
    const created: Record<string, unknown> = {};
    Object.defineProperty(fields, location, { value: created, writable: true, enumerable: true, configurable: true });
    return created;
  }
  if (typeof current !== 'object' || Array.isArray(current)) return undefined;
  if (location === 'query') Object.defineProperty(fields, location, { value: current, writable: true, enumerable: true, configurable: true });
  return current as Record<string, unknown>;
}

function writeField(root: Record<string, unknown>, path: readonly string[], value: string): void {
  let current = root;
  for (const key of path.slice(0, -1)) {
    const next = Object.hasOwn(current, key) ? current[key] : undefined;
    if (next === undefined || next === null) current = current[key] = {};
    else if (typeof next === 'object' && !Array.isArray(next)) current = next as Record<string, unknown>;
    else return;
  }
  current[path[path.length - 1]] = value;
}
