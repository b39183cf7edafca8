import { SetMetadata } from '@nestjs/common';

/** Metadata key of {@link Scopes}. */
export const SCOPES_KEY = 'agent-auth:scopes';

/**
 * The principal needs all of these OAuth scopes (403 `insufficient_scope` otherwise).
 * @example @Scopes('agents:execute') @Post(':id/text') run() {}
 */
export const Scopes = (...scopes: string[]): MethodDecorator & ClassDecorator => SetMetadata(SCOPES_KEY, scopes);
