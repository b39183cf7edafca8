export { AgentAuthModule } from './agent-auth.module.js';
export type { AgentAuthModuleExtras } from './agent-auth.module-definition.js';
export { AGENT_AUTH_OPTIONS } from './agent-auth.constants.js';
export { AgentAuthModuleOptions } from './options/agent-auth-module.options.js';
export { JwtOptions, JWT_ALGORITHMS, type JwtAlgorithm } from './options/jwt.options.js';
export { BruteForceOptions, BRUTE_FORCE_DEFAULTS } from './options/brute-force.options.js';
export { AuthorizationRule } from './options/authorization-rule.options.js';
export { ApiKeyOptions, ApiKeyDefinition } from './options/api-key.options.js';
export { ApiKeyStore, type ApiKeyRecord } from './strategies/api-key/api-key.store.js';
export { InMemoryApiKeyStore } from './strategies/api-key/in-memory-api-key.store.js';
export { generateApiKey, hashApiKey } from './strategies/api-key/api-key-material.js';
export { AllowlistOptions } from './options/allowlist.options.js';
export { TelegramAllowlistOptions } from './options/telegram-allowlist.options.js';
export { SlackAllowlistOptions } from './options/slack-allowlist.options.js';
export { DiscordAllowlistOptions } from './options/discord-allowlist.options.js';
export { CustomAllowlistOptions } from './options/custom-allowlist.options.js';
export type { WebhookRequest, WebhookSender } from './strategies/allowlist/webhook-platform.js';
export type { AuthMethod, AuthRequest } from './auth-context.js';
export { AuthContext } from './decorators/auth-context.decorator.js';
export { AuthError, AUTH_ERRORS, type AuthErrorCode, type AuthErrorDetails, type AuthErrorStatus } from './errors/auth-error.js';
export { AuthHttpException, type AuthErrorBody } from './errors/auth-http-exception.js';
export { AgentAuthGuard } from './guard/agent-auth.guard.js';
export { RouteNotFoundFilter } from './filters/route-not-found.filter.js';
export { AuthFlow, type AuthCall } from './flow/auth-flow.js';
export type { ClientIpReader } from './flow/client-ip.js';
export type { AuthTransport, CallInput, PrincipalOrigin } from './transports/auth-transport.js';
export type { RefusalFormat } from './errors/auth-refusal.js';
export { StrategyChain } from './authentication/strategy.chain.js';
export type { AuthStrategy, StrategyOutcome } from './authentication/auth-strategy.interface.js';
export { RoutePolicyRegistry } from './policy/route-policy.registry.js';
export type {
  RoutePolicy,
  RouteAccess,
  RoleRequirement,
  PermissionRequirement,
  PermissionTemplate,
  PermissionSegment,
  TenantRequirement,
  OwnershipRequirement,
  IdentityBinding,
  PredicateRequirement,
} from './policy/route-policy.js';
export type { RouteAuditEntry } from './policy/route-audit.js';
export { FailureStore, type FailurePolicy } from './brute-force/failure-store.interface.js';
export { InMemoryFailureStore, FAILURE_STORE_SIZE } from './brute-force/in-memory-failure.store.js';
export { RevocationStore, type Revocation, type RevocationQuery } from './revocation/revocation-store.interface.js';
export { InMemoryRevocationStore } from './revocation/in-memory-revocation.store.js';
export { RevocationService, NotRevocableError } from './revocation/revocation.service.js';
export { RevocationOptions } from './options/revocation.options.js';
export type { AuthEvent, AuthorizationDecision, StrategyAttempt } from './events/auth-event.js';
export { Public } from './decorators/public.decorator.js';
export { OptionalAuth } from './decorators/optional-auth.decorator.js';
export { Roles, AllRoles } from './decorators/roles.decorator.js';
export { Scopes } from './decorators/scopes.decorator.js';
export { Permissions, AllPermissions } from './decorators/permissions.decorator.js';
export { TenantScoped, type TenantSource } from './decorators/tenant-scoped.decorator.js';
export { OwnedResource, type OwnedResourceOptions } from './decorators/owned-resource.decorator.js';
export { BindIdentity, type IdentityFields } from './decorators/bind-identity.decorator.js';
export { OwnershipResolver, type ResourceOwner } from './authorization/ownership-resolver.js';
export { RouteAuthorization } from './authorization/route-authorization.js';
export type { RoutePredicate, RouteCall } from './authorization/route-predicate.js';
export { UseAuth } from './decorators/use-auth.decorator.js';
export { AuthUser } from './decorators/auth-user.decorator.js';
export { AllowQueryToken } from './decorators/allow-query-token.decorator.js';
export { StreamingOptions } from './options/streaming.options.js';
export { StreamTicketService, type IssueTicketRequest, type IssuedTicket } from './streaming/stream-ticket.service.js';
export { TicketStore, type StoredTicket } from './streaming/ticket-store.interface.js';
export { InMemoryTicketStore } from './streaming/in-memory-ticket.store.js';
export { STREAM_TICKET_PARAM, TICKET_STRATEGY } from './streaming/stream-ticket.constants.js';
export { TOKEN_EXPIRED_EVENT } from './streaming/stream-expiry.interceptor.js';
export { SessionOptions } from './options/session.options.js';
export { OidcLoginOptions } from './options/oidc-login.options.js';
export { SessionStore, type StoredSession, type SessionSummary, type ProviderTokens } from './sessions/session-store.interface.js';
export { InMemorySessionStore } from './sessions/in-memory-session.store.js';
export { BrowserSessions, type StartedSession } from './sessions/browser-sessions.service.js';
export { SessionController, type SessionView } from './sessions/session.controller.js';
export { SESSION_STRATEGY } from './strategies/session/session.strategy.js';
export { ConsoleOptions } from './options/console.options.js';
export { CONSOLE_STRATEGY, DEFAULT_CONSOLE_HEADER } from './strategies/console/console.strategy.js';
export { CSRF_HEADER, CSRF_FIELD } from './sessions/cross-site-check.js';
export { WS_CLOSE_TOKEN_EXPIRED } from './websockets/gateway-handshake.binder.js';
export { GraphqlWsAuth, type GraphqlWsContext, type MercuriusConnection, type MercuriusOnConnect } from './graphql/graphql-ws.auth.js';
export { GraphqlRefusal } from './graphql/graphql-refusal.js';
export { currentAuth, findCurrentAuth } from './principal/current-auth.js';
export { CurrentAuth } from './principal/current-auth.service.js';
export { NoPrincipalError } from './principal/no-principal.error.js';
export { PrincipalScopeInterceptor } from './principal/principal-scope.interceptor.js';
export { AuthorizationService } from './authorization/authorization.service.js';
export { ProtectedResourceOptions } from './options/protected-resource.options.js';
export { ProtectedResource } from './decorators/protected-resource.decorator.js';
export { ProtectedResources } from './protected-resource/protected-resources.service.js';
export type { ProtectedResourceMetadata } from './protected-resource/resource-metadata.js';
export type { ResourceRequirement } from './policy/route-policy.js';
export { AgentCardModule } from './a2a/agent-card.module.js';
export { AgentCards } from './a2a/agent-cards.service.js';
export type { AgentCardModuleOptions } from './a2a/agent-card.options.js';
export type {
  AgentCard,
  AgentCardContent,
  AgentCapabilities,
  AgentCardSecurityRequirement,
  AgentCardSecurityScheme,
  AgentInterface,
  AgentSkill,
} from './a2a/agent-card.js';
