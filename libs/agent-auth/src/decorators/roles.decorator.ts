import { SetMetadata } from '@nestjs/common';

/** Metadata key of {@link Roles} and {@link AllRoles}. */
export const ROLES_KEY = 'agent-auth:roles';

/** What {@link Roles} or {@link AllRoles} stored: the roles and whether one or all of them are needed. */
export interface RoleRequirement {
  readonly roles: readonly string[];
  readonly match: 'any' | 'all';
}

/**
 * The principal needs at least one of these roles (403 `insufficient_role` otherwise).
 * @example @Roles('operator', 'admin') @Post(':id/run') run() {}
 */
export const Roles = (...roles: string[]): MethodDecorator & ClassDecorator =>
  SetMetadata<string, RoleRequirement>(ROLES_KEY, { roles, match: 'any' });

/** The principal needs every one of these roles (403 `insufficient_role` otherwise). */
export const AllRoles = (...roles: string[]): MethodDecorator & ClassDecorator =>
  SetMetadata<string, RoleRequirement>(ROLES_KEY, { roles, match: 'all' });
