import type { AuthContext } from '../auth-context.js';

/** Who a resource belongs to, as the app's {@link OwnershipResolver} knows it. */
export interface ResourceOwner {
  /** The `userId` of the principal that owns it. */
  readonly ownerId: string;
  /** The tenant it lives in; when set, the principal's `tenantId` must be the same. */
  readonly tenantId?: string;
}

/**
 * Tells who owns a resource the routes name by id (a conversation, an execution, a thread), for
 * `@OwnedResource()`. The app implements it once for all its resource types and provides it under the token of the
 * same name in any module; the guard calls it once per resource before the handler runs.
 * @example
 * @Injectable() class AppOwnership implements OwnershipResolver {
 *   constructor(private readonly conversations: ConversationsService) {}
 *   owner(resource: string, id: string) {
 *     return resource === 'conversation' ? this.conversations.ownerOf(id) : undefined;
 *   }
 * }
 * // in the module that declares ConversationsService:
 * providers: [ConversationsService, { provide: OwnershipResolver, useClass: AppOwnership }]
 */
export interface OwnershipResolver {
  /**
   * The owner of one resource, or undefined when there is no such resource (answered like a resource of someone
   * else: 404 `not_found` by default). An error thrown here is a server fault, not a refusal.
   * @param resource the type named in `@OwnedResource(resource, param)`.
   * @param id the value of the route param (message field) it names, always a non-empty string.
   * @param auth the principal asking, for resolvers that scope their lookup.
   */
  owner(resource: string, id: string, auth: AuthContext): ResourceOwner | undefined | Promise<ResourceOwner | undefined>;
}

/** Injection token of the app's {@link OwnershipResolver}. */
export const OwnershipResolver = Symbol('OwnershipResolver');
