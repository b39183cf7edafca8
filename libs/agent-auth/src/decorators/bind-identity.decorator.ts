import { SetMetadata } from '@nestjs/common';
import { parseIdentityPath } from '../authorization/identity-binding.js';
import type { IdentityBinding } from '../policy/route-policy.js';

/** Metadata key of {@link BindIdentity}. */
export const BIND_IDENTITY_KEY = 'agent-auth:identity';

/** The client-sent fields {@link BindIdentity} ties to each field of the principal: `body.` or `query.` paths. */
export interface IdentityFields {
  readonly userId?: readonly string[];
  readonly tenantId?: readonly string[];
}

/**
 * Client-sent identity never wins: each listed field of the body (a message's payload, a resolver's arguments) or
 * query must equal the principal's `userId` / `tenantId` (403 `identity_mismatch` otherwise), and is filled from the
 * principal when absent, before pipes and the handler run. A handler's bindings add to its class's.
 * @throws Error naming a path that does not start with `body.` or `query.`, or when no field is listed.
 * @example @BindIdentity({ userId: ['body.userId', 'body.requestContext.userId', 'body.context.user.id'], tenantId: ['body.tenantId'] })
 */
export const BindIdentity = (fields: IdentityFields): MethodDecorator & ClassDecorator => {
  const bindings: IdentityBinding[] = [
    ...(fields.userId ?? []).map((path) => parseIdentityPath(path, 'userId')),
    ...(fields.tenantId ?? []).map((path) => parseIdentityPath(path, 'tenantId')),
  ];
  if (bindings.length === 0) throw new Error('@BindIdentity() lists no field: name at least one body. or query. path');
  return SetMetadata(BIND_IDENTITY_KEY, Object.freeze(bindings));
};
