import { SetMetadata } from '@nestjs/common';

/** Metadata key of {@link UseAuth}. */
export const USE_AUTH_KEY = 'agent-auth:strategies';

/**
 * The strategies this route accepts, tried in this order (the first that succeeds wins).
 * Any Passport strategy registered by name can be listed next to `jwt`, `api-key` and `allowlist`.
 * With no name, the route needs credentials (even under `defaultPrivate: false`) from the module's default order.
 * @example @UseAuth('allowlist') @Post('webhooks/telegram') onUpdate() {}
 */
export const UseAuth = (...strategies: string[]): MethodDecorator & ClassDecorator => SetMetadata(USE_AUTH_KEY, strategies);
