import { SetMetadata } from '@nestjs/common';

/** Metadata key of {@link OptionalAuth}. */
export const OPTIONAL_AUTH_KEY = 'agent-auth:optional';

/**
 * Credentials are optional: a valid one attaches the principal, none leaves `req.auth` undefined,
 * an invalid one is still a 401.
 */
export const OptionalAuth = (): MethodDecorator & ClassDecorator => SetMetadata(OPTIONAL_AUTH_KEY, true);
