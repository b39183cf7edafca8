import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { transportFor } from '../transports/transports.js';

/**
 * Parameter decorator: the authenticated user, as `mapUser` made it (the {@link AuthContext} without `mapUser`),
 * or one field of it.
 * @example run(@AuthUser('userId') userId: string) {}
 */
export const AuthUser = createParamDecorator((field: string | undefined, context: ExecutionContext): unknown => {
  const user = transportFor(context).target(context).user;
  if (field === undefined || user === null || typeof user !== 'object') return field === undefined ? user : undefined;
  return Object.hasOwn(user, field) ? (user as Record<string, unknown>)[field] : undefined;
});
