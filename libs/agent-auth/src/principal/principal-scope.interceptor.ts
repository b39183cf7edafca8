import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { SSE_METADATA } from '@nestjs/common/constants.js';
import { Observable } from 'rxjs';
import type { AuthContext } from '../auth-context.js';
import { RoutePolicyRegistry } from '../policy/route-policy.registry.js';
import type { AuthTransport } from '../transports/auth-transport.js';
import { findTransport } from '../transports/transports.js';
import { enterPrincipalScopes, principalStorage, type PrincipalScope } from './principal-scope.js';
import { endStreamOnRefusal } from './stream-refusal.js';

/**
 * Runs every handler inside its call's {@link PrincipalScope}, so `currentAuth()` reads the principal anywhere the
 * call's work goes: its pipes, its services, their promise continuations and timers, the Observable of an `@Sse()`
 * handler. Registered as `APP_INTERCEPTOR` by the module with `principalContext: true` (it runs after every guard,
 * global or not); a pass-through for execution context types the library does not know.
 */
@Injectable()
export class PrincipalScopeInterceptor implements NestInterceptor {
  constructor(private readonly policies: RoutePolicyRegistry) {
    enterPrincipalScopes();
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const transport = findTransport(context);
    if (transport === undefined) return next.handle();
    const scope: PrincipalScope = { auth: attachedPrincipal(transport, context), context, route: this.policies.policyFor(context) };
    const stream = context.getType() === 'http' && Reflect.getMetadata(SSE_METADATA, context.getHandler()) === true;
    return new Observable((subscriber) =>
      principalStorage.run(scope, () => {
        const handled = next.handle();
        return (stream ? handled.pipe(endStreamOnRefusal(context)) : handled).subscribe(subscriber);
      }),
    );
  }
}

/**
 * The principal the guard attached, if any. A call the guard did not decide (`globalGuard: false`) may lack what the
 * transport reads it from (a GraphQL context without `req`): it then has none, and the handler still runs.
 */
function attachedPrincipal(transport: AuthTransport, context: ExecutionContext): AuthContext | undefined {
  try {
    return transport.target(context).auth;
  } catch {
    return undefined;
  }
}
