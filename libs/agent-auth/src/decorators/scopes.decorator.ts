import { requirementDecorator } from './requirement.decorator.js';

/** Metadata key of {@link Scopes}. */
export const SCOPES_KEY = 'agent-auth:scopes';

/**
 * The principal needs all of these OAuth scopes (403 `insufficient_scope` otherwise). On a handler they add to its
 * class's `@Scopes`: all of both are needed.
 * @throws Error naming the class or handler when no scope is given.
 * @example @Scopes('agents:execute') @Post(':id/text') run() {}
 */
export const Scopes = (...scopes: string[]): MethodDecorator & ClassDecorator =>
  requirementDecorator('@Scopes()', 'scope', SCOPES_KEY, scopes, scopes);
