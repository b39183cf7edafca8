import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
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
import { REVOCATION_CHECK_PROVIDER } from './revocation/revocation-check.provider.js';
import { RevocationService } from './revocation/revocation.service.js';
import { StoresReport } from './stores-report.js';
import { BrowserSessions } from './sessions/browser-sessions.service.js';
import { InMemorySessionStore } from './sessions/in-memory-session.store.js';
import { SessionStore } from './sessions/session-store.interface.js';
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
 * whose token expires, authenticates every WebSocket gateway's handshake, issues stream tickets, keeps browser sessions, and runs every
 * handler in its request's principal scope (`PrincipalScopeInterceptor` as `APP_INTERCEPTOR`) with
 * `principalContext: true`, and checks every verified credential against the revocations ({@link RevocationService}); serves the protected resources' metadata ({@link WellKnownRoutes}).
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    { provide: AGENT_AUTH_OPTIONS, useFactory: validateAgentAuthOptions, inject: [AGENT_AUTH_RAW_OPTIONS] },
    StrategyRegistry,
    StrategyChain,
    RoutePolicyRegistry,
    ACTIVE_FAILURE_STORE_PROVIDER,
    REVOCATION_CHECK_PROVIDER,
    RevocationService,
    StoresReport,
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
    {
      provide: SessionStore,
      useFactory: (options: AgentAuthModuleOptions) => options.session?.store ?? new InMemorySessionStore(),
      inject: [AGENT_AUTH_OPTIONS],
    },
    {
      provide: BrowserSessions,
      useFactory: (options: AgentAuthModuleOptions, store: SessionStore) => (options.session ? new BrowserSessions(options, store) : undefined),
      inject: [AGENT_AUTH_OPTIONS, SessionStore],
    },
    StreamExpiryInterceptor,
    GatewayHandshakeBinder,
    GraphqlWsAuth,
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
    SessionStore,
    BrowserSessions,
    GraphqlWsAuth,
    CurrentAuth,
    AuthorizationService,
    ProtectedResources,
    RevocationService,
    WellKnownRoutes,
  ],
})
export class AgentAuthModule extends ConfigurableAgentAuthModule {}
