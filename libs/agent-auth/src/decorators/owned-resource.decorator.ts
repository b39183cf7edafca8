import { parsePermissionTemplate } from '../authorization/permission.js';
import type { OwnershipRequirement } from '../policy/route-policy.js';

/** Metadata key of {@link OwnedResource}: the list of requirements of a class or handler. */
export const OWNED_RESOURCE_KEY = 'agent-auth:owned-resources';

/** Options of {@link OwnedResource}. */
export interface OwnedResourceOptions {
  /**
   * A permission whose holders pass without owning the resource (support staff), placeholders filled from the
   * route params as in `@Permissions`. The pass is an auth event (`outcome: 'bypassed'`).
   * @example 'conversations:{id}:read'
   */
  readonly bypass?: string;
}

/**
 * The resource whose id is in route param `param` must belong to the principal, as the app's `OwnershipResolver`
 * says, checked before the handler runs (one resolver call). A resource of someone else, of another tenant, or
 * none at all are refused alike: 404 `not_found` (403 `not_owner` with `ownershipRefusal: 403`). Several may be
 * stacked; a handler's add to its class's.
 * @throws Error when `resource` or `param` is empty or `bypass` cannot be parsed; a param the route does not
 *   declare, or no `OwnershipResolver` provided, fails at startup.
 * @example @OwnedResource('conversation', 'id') @Get('conversations/:id') read() {}
 */
export const OwnedResource = (resource: string, param: string, options: OwnedResourceOptions = {}): MethodDecorator & ClassDecorator => {
  if (!resource || !param) throw new Error('@OwnedResource() needs a resource type and the name of the param holding its id');
  const requirement: OwnershipRequirement = Object.freeze({
    resource,
    param,
    bypass: options.bypass === undefined ? undefined : parsePermissionTemplate(options.bypass),
  });
  return (target: object, _property?: string | symbol, descriptor?: PropertyDescriptor): void => {
    const holder: object = descriptor?.value ?? target;
    const stacked: readonly OwnershipRequirement[] = Reflect.getMetadata(OWNED_RESOURCE_KEY, holder) ?? [];
    Reflect.defineMetadata(OWNED_RESOURCE_KEY, Object.freeze([requirement, ...stacked]), holder);
  };
};
