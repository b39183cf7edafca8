import { SetMetadata } from '@nestjs/common';

/** Metadata key of {@link Public}. */
export const IS_PUBLIC_KEY = 'agent-auth:public';

/**
 * Marks a route (or every route of a controller) as reachable without credentials.
 * @example @Public() @Get('health') health() { return { ok: true }; }
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);
