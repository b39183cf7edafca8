import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { AGENT_AUTH_OPTIONS } from './agent-auth.constants.js';
import { AGENT_AUTH_RAW_OPTIONS, ConfigurableAgentAuthModule } from './agent-auth.module-definition.js';
import { StrategyChain } from './authentication/strategy.chain.js';
import { StrategyRegistry } from './authentication/strategy.registry.js';
import { AuthorizationService } from './authorization/authorization.service.js';
import { BruteForceThrottle } from './brute-force/brute-force.throttle.js';
import { ACTIVE_FAILURE_STORE_PROVIDER } from './brute-force/active-failure-store.provider.js';
import { AuthEventEmitter } from './events/auth-event.emitter.js';
import { AuthFlow } from './flow/auth-flow.js';
import { RouteAuthorization } from './authorization/route-authorization.js';
import { AgentAuthGuard } from './guard/agent-auth.guard.js';
import { GraphqlWsAuth } from './graphql/graphql-ws.auth.js';
import type { AgentAuthModuleOptions } from './options/agent-auth-module.options.js';
import { validateAgentAuthOptions } from './options/validate-options.js';
import { RoutePolicyRegistry } from './policy/route-policy.registry.js';
import { CurrentAuth } from './principal/current-auth.service.js';
import { PrincipalScopeInterceptor } from './principal/principal-scope.interceptor.js';
import { InMemoryTicketStore } from './streaming/in-memory-ticket.store.js';
import { StreamExpiryInterceptor } from './streaming/stream-expiry.interceptor.js';
import { StreamTicketService } from './streaming/stream-ticket.service.js';
import { TicketStore } from './streaming/ticket-store.interface.js';
import { GatewayHandshakeBinder } from './websockets/gateway-handshake.binder.js';
import { ProtectedResources } from './protected-resource/protected-resources.service.js';
import { WellKnownRoutes } from './well-known/well-known.routes.js';

/**
 * Secures every route of the app: `AgentAuthModule.forRoot(options)` or `forRootAsync({ useFactory, inject })`.
 * Global, and registers {@link AgentAuthGuard} as `APP_GUARD`, unless told otherwise. Also closes SSE streams
 * whose token expires, authenticates every WebSocket gateway's handshake, issues stream tickets, and runs every
 * handler in its request's principal scope ({@link PrincipalScopeInterceptor}, `APP_INTERCEPTOR`), and serves the
 * protected resources' metadata ({@link WellKnownRoutes}).
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    { provide: AGENT_AUTH_OPTIONS, useFactory: validateAgentAuthOptions, inject: [AGENT_AUTH_RAW_OPTIONS] },
    StrategyRegistry,
    StrategyChain,
    RoutePolicyRegistry,
    ACTIVE_FAILURE_STORE_PROVIDER,
    BruteForceThrottle,
    AuthEventEmitter,
    RouteAuthorization,
    AuthFlow,
    AgentAuthGuard,
    {
      provide: TicketStore,
      useFactory: (options: AgentAuthModuleOptions) => options.streaming?.ticketStore ?? new InMemoryTicketStore(options.streaming?.maxTickets),
      inject: [AGENT_AUTH_OPTIONS],
    },
    StreamTicketService,
    StreamExpiryInterceptor,
    GatewayHandshakeBinder,
    GraphqlWsAuth,
    PrincipalScopeInterceptor,
    { provide: APP_INTERCEPTOR, useExisting: PrincipalScopeInterceptor },
    CurrentAuth,
    AuthorizationService,
    ProtectedResources,
    WellKnownRoutes,
  ],
  exports: [
    AGENT_AUTH_OPTIONS,
    StrategyChain,
    RoutePolicyRegistry,
    AuthFlow,
    AgentAuthGuard,
    StreamTicketService,
    TicketStore,
    GraphqlWsAuth,
    CurrentAuth,
    AuthorizationService,
    ProtectedResources,
  ],
})
export class AgentAuthModule extends ConfigurableAgentAuthModule {}
