import { parsePermissionTemplate } from '../authorization/permission.js';
import type { PermissionRequirement } from '../policy/route-policy.js';
import { requirementDecorator } from './requirement.decorator.js';

/** Metadata key of {@link Permissions} and {@link AllPermissions}. */
export const PERMISSIONS_KEY = 'agent-auth:permissions';

/**
 * The principal needs at least one of these permissions (403 `insufficient_permission` otherwise). `{name}` is
 * filled with the route param of that name, always literally: a param value can neither widen nor break a match.
 * Granted permissions (the JWT's `permissions` claim, the API key's `permissions`, the module's `rolePermissions`)
 * may hold `*` for any one segment. On a handler it adds to its class's requirement: both must be met.
 * @throws Error naming the class or handler when no permission is given, or one cannot be parsed; a placeholder
 *   naming a param the route does not declare fails at startup.
 * @example @Permissions('agents:{id}:run') @Post(':id/run') run() {}
 */
export const Permissions = (...permissions: string[]): MethodDecorator & ClassDecorator =>
  requirementDecorator('@Permissions()', 'permission', PERMISSIONS_KEY, permissions, requirement(permissions, 'any'));

/**
 * The principal needs every one of these permissions (403 `insufficient_permission` otherwise); placeholders and
 * combination as for {@link Permissions}.
 * @throws Error naming the class or handler when no permission is given, or one cannot be parsed.
 */
export const AllPermissions = (...permissions: string[]): MethodDecorator & ClassDecorator =>
  requirementDecorator('@AllPermissions()', 'permission', PERMISSIONS_KEY, permissions, requirement(permissions, 'all'));

function requirement(permissions: readonly string[], match: PermissionRequirement['match']): PermissionRequirement {
  return Object.freeze({ permissions: Object.freeze(permissions.map(parsePermissionTemplate)), match });
}
