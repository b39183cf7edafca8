import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthContext as Principal } from '../auth-context.js';
import { transportFor } from '../transports/transports.js';

/**
 * Parameter decorator: the call's {@link Principal AuthContext} (`undefined` on a public route reached without
 * credentials), on every transport: an HTTP handler, a gateway message handler, a resolver, a message pattern.
 * @example run(@AuthContext() auth: AuthContext) { return auth.userId; }
 */
export const AuthContext = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | undefined => transportFor(context).target(context).auth,
);

/** Who made a request and what they may do (the same type as the contract's `AuthContext`). */
export type AuthContext = Principal;
