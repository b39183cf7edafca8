import type { AuthContext } from '../../auth-context.js';
import { readPath, stringList } from '../../util/claim-values.js';
import { JWT_REFUSALS } from './jwt-refusals.js';
import type { JwtClaimPaths } from './jwt-settings.js';

const SUBJECT_CLAIMS = ['sub', 'user_id', 'id'];
const TENANT_CLAIMS = ['tenant_id', 'org_id', 'tid'];

/**
 * Builds the {@link AuthContext} of a verified JWT payload. Claims are read as own properties only
 * (`__proto__`, `toString` and friends never resolve), roles, scopes and permissions only as strings.
 * @throws AuthError `invalid_token` when the token names no subject.
 */
export function jwtAuthContext(payload: Record<string, unknown>, paths: JwtClaimPaths): AuthContext {
  const userId = firstIdentifier(payload, SUBJECT_CLAIMS);
  if (userId === undefined) throw JWT_REFUSALS.noSubject;
  const scopes = stringList(readPath(payload, paths.scopes));
  if (paths.scopes.length === 1 && paths.scopes[0] === 'scope' && scopes.length === 0) scopes.push(...stringList(payload.scp));
  const tenant = paths.tenant === undefined ? firstIdentifier(payload, TENANT_CLAIMS) : identifier(readPath(payload, paths.tenant));
  return Object.freeze({
    userId,
    method: 'jwt',
    roles: Object.freeze(stringList(readPath(payload, paths.roles))),
    scopes: Object.freeze(scopes),
    permissions: Object.freeze(stringList(readPath(payload, paths.permissions))),
    tenantId: tenant,
    claims: Object.freeze(payload),
  });
}

function firstIdentifier(payload: Record<string, unknown>, claims: readonly string[]): string | undefined {
  for (const claim of claims) {
    const value = Object.hasOwn(payload, claim) ? identifier(payload[claim]) : undefined;
    if (value !== undefined) return value;
  }
  return undefined;
}

/** A claim as an identifier: a non-empty string, or a safe integer. */
function identifier(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  return typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : undefined;
}
