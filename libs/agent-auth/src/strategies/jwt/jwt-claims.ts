import type { AuthContext } from '../../auth-context.js';
import { AuthError } from '../../errors/auth-error.js';
import { readPath, stringList } from '../../util/claim-values.js';

const SUBJECT_CLAIMS = ['sub', 'user_id', 'id'];
const TENANT_CLAIMS = ['tenant_id', 'org_id', 'tid'];

/**
 * Builds the {@link AuthContext} of a verified JWT payload. Claims are read as own properties only
 * (`__proto__`, `toString` and friends never resolve), roles and scopes only as strings.
 * @throws AuthError `invalid_token` when the token names no subject.
 */
export function jwtAuthContext(payload: Record<string, unknown>, rolesPath: readonly string[], scopesPath: readonly string[]): AuthContext {
  const userId = firstIdentifier(payload, SUBJECT_CLAIMS);
  if (userId === undefined) throw new AuthError('invalid_token', { message: 'Token has no subject' });
  const scopes = stringList(readPath(payload, scopesPath));
  if (scopesPath.length === 1 && scopesPath[0] === 'scope' && scopes.length === 0) scopes.push(...stringList(payload.scp));
  return Object.freeze({
    userId,
    method: 'jwt',
    roles: Object.freeze(stringList(readPath(payload, rolesPath))),
    scopes: Object.freeze(scopes),
    tenantId: firstIdentifier(payload, TENANT_CLAIMS),
    claims: Object.freeze(payload),
  });
}

function firstIdentifier(payload: Record<string, unknown>, claims: readonly string[]): string | undefined {
  for (const claim of claims) {
    if (!Object.hasOwn(payload, claim)) continue;
    const value = payload[claim];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  }
  return undefined;
}
