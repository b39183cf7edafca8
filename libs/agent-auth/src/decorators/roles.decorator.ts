import type { RoleRequirement } from '../policy/route-policy.js';
import { requirementDecorator } from './requirement.decorator.js';

/** Metadata key of {@link Roles} and {@link AllRoles}. */
export const ROLES_KEY = 'agent-auth:roles';

/**
 * The principal needs at least one of these roles (403 `insufficient_role` otherwise). On a handler it adds to its
 * class's `@Roles`/`@AllRoles`: both must be met.
 * @throws Error naming the class or handler when no role is given.
 * @example @Roles('operator', 'admin') @Post(':id/run') run() {}
 */
export const Roles = (...roles: string[]): MethodDecorator & ClassDecorator =>
  requirementDecorator('@Roles()', 'role', ROLES_KEY, roles, { roles, match: 'any' } satisfies RoleRequirement);

/**
 * The principal needs every one of these roles (403 `insufficient_role` otherwise); adds to the class's requirement
 * like {@link Roles}.
 * @throws Error naming the class or handler when no role is given.
 */
export const AllRoles = (...roles: string[]): MethodDecorator & ClassDecorator =>
  requirementDecorator('@AllRoles()', 'role', ROLES_KEY, roles, { roles, match: 'all' } satisfies RoleRequirement);
