import type { AuthContext } from '../auth-context.js';
import type { PermissionSegment, PermissionTemplate } from '../policy/route-policy.js';

/** Separates the segments of a permission: `agents:{id}:run`. */
const SEPARATOR = ':';
/** In a granted permission, stands for any one segment. */
const ANY_SEGMENT = '*';
const PLACEHOLDER = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/;
const LITERAL = /^[^\s:{}*]+$/;

/**
 * Parses a required permission: segments separated by `:`, each a literal or a `{param}` placeholder filling the
 * whole segment. A `*` is refused: a requirement names what it needs, only grants hold wildcards.
 * @throws Error with the reason when the template cannot be parsed.
 */
export function parsePermissionTemplate(source: string): PermissionTemplate {
  const segments = source.split(SEPARATOR).map((segment): PermissionSegment => {
    const placeholder = PLACEHOLDER.exec(segment);
    if (placeholder !== null) return { param: placeholder[1] };
    if (LITERAL.test(segment)) return { literal: segment };
    throw new Error(
      `permission ${JSON.stringify(source)}: segment ${JSON.stringify(segment)} must be a literal (no spaces, "*", "{" or "}") or a whole {param}`,
    );
  });
  const params = segments.flatMap((segment) => ('param' in segment ? [segment.param] : []));
  return Object.freeze({ source, segments: Object.freeze(segments), params: Object.freeze(params) });
}

/**
 * The permission a call needs: each placeholder replaced by its param's value, taken literally, as one segment
 * (a value holding `:`, `*` or `{` stays one segment and matches only a grant of `*` or of that exact value).
 * @param value reads a param: a string, or a finite number (message payloads); anything else, or an empty string,
 *   leaves the permission unfilled.
 * @returns the segments, or undefined when a param is missing: the permission is then not granted.
 */
export function fillPermission(template: PermissionTemplate, value: (param: string) => unknown): readonly string[] | undefined {
  const filled: string[] = [];
  for (const segment of template.segments) {
    if ('literal' in segment) {
      filled.push(segment.literal);
      continue;
    }
    const raw = value(segment.param);
    const text = typeof raw === 'string' ? raw : typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : undefined;
    if (text === undefined || text === '') return undefined;
    filled.push(text);
  }
  return filled;
}

/** Whether one granted permission (`agents:*:run`) covers a filled one: as many segments, each equal or `*`. */
export function grants(granted: readonly string[], required: readonly string[]): boolean {
  if (granted.length !== required.length) return false;
  for (let index = 0; index < granted.length; index++) {
    if (granted[index] !== ANY_SEGMENT && granted[index] !== required[index]) return false;
  }
  return true;
}

/** Grants split into segments, per principal (a re-used token's AuthContext is the same object) and role map. */
const grantCache = new WeakMap<AuthContext, { readonly roleMap: RolePermissions | undefined; readonly grants: readonly string[][] }>();

/** Permissions granted to holders of a role: the module's `rolePermissions`. */
export type RolePermissions = Readonly<Record<string, readonly string[]>>;

/**
 * Every permission a principal holds, split into segments: its own (`AuthContext.permissions`) and those of its
 * roles in `rolePermissions`. Computed once per principal object.
 */
export function grantedPermissions(auth: AuthContext, roleMap: RolePermissions | undefined): readonly string[][] {
  const cached = grantCache.get(auth);
  if (cached !== undefined && cached.roleMap === roleMap) return cached.grants;
  const sources = [...(auth.permissions ?? [])];
  if (roleMap !== undefined) for (const role of auth.roles) if (Object.hasOwn(roleMap, role)) sources.push(...roleMap[role]);
  const split = [...new Set(sources)].filter((granted) => granted !== '').map((granted) => granted.split(SEPARATOR));
  grantCache.set(auth, { roleMap, grants: split });
  return split;
}

/** Whether a principal holds a filled permission. */
export function holdsPermission(auth: AuthContext, required: readonly string[], roleMap: RolePermissions | undefined): boolean {
  return grantedPermissions(auth, roleMap).some((granted) => grants(granted, required));
}
