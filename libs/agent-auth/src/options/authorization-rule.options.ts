import type { Type } from '@nestjs/common';
import { ArrayNotEmpty, IsArray, IsNotEmpty, IsOptional, IsString } from 'class-validator';
import type { RoutePredicate } from '../authorization/route-predicate.js';
import { IsFunction, IsPermissionTemplate, IsRoutePattern } from './option-validators.js';

/**
 * One entry of the `rules` option: requirements for the declared routes its pattern covers, added to their
 * decorators' (both must hold). Give at least one requirement; an empty list is refused (it would admit anyone).
 * @example { route: 'POST /agents/:agent/run', roles: ['operator'], permissions: ['agents:{agent}:run'] }
 */
export class AuthorizationRule {
  /**
   * The routes it covers: `"[METHOD ]/path"` with `*`, `**` and `:name`, matched against the declared routes at
   * startup. A `:name` names the param its permissions' placeholders and its predicate read; it cannot follow `**`.
   */
  @IsRoutePattern()
  route!: string;

  /** The principal needs at least one of these roles (403 `insufficient_role`). */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  roles?: string[];

  /** The principal needs every one of these roles (403 `insufficient_role`). */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  allRoles?: string[];

  /** The principal needs every one of these scopes (403 `insufficient_scope`). */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  scopes?: string[];

  /** The principal needs at least one of these permissions (403 `insufficient_permission`); `{name}` is the pattern's `:name`. */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @IsPermissionTemplate({ each: true })
  permissions?: string[];

  /** The principal needs every one of these permissions (403 `insufficient_permission`); placeholders as for `permissions`. */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @IsPermissionTemplate({ each: true })
  allPermissions?: string[];

  /** An injectable class the app provides, asked last; anything but `true` is 403 `insufficient_permission`. */
  @IsOptional()
  @IsFunction()
  authorize?: Type<RoutePredicate>;
}
