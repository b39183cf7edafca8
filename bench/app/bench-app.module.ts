import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { AgentAuthModule, CurrentAuth, OwnershipResolver, type AgentAuthModuleOptions } from 'nest-agent-auth';
import { AgentsController } from '../../src/agents/agents.controller.js';
import { AgentsService } from '../../src/agents/agents.service.js';
import { AgentsResolver } from '../../src/graphql/agents.resolver.js';
import { demoGraphqlModule } from '../../src/graphql/graphql.module.js';
import { HealthController } from '../../src/health/health.controller.js';
import type { BenchServerConfig } from './bench-server.config.js';
import { DocsRecipeJwtGuard, DocsRecipeJwtStrategy } from './docs-recipe.js';
import { NoopGuard } from './noop.guard.js';
import { connectRedisStores } from 'nest-agent-auth/redis';
import { BenchOwnership, OwnedAgentsController } from './owned-agents.controller.js';
import { TicketedAgentsController } from './ticketed-agents.controller.js';

/** The demo agent server's controllers (and its GraphQL resolver, for GraphQL modes), secured the way one benchmark mode asks. */
@Module({})
export class BenchAppModule {
  /** The app for one mode: no guard, a no-op guard, `AgentAuthModule` with the mode's strategies, or the docs recipe. */
  static register(config: BenchServerConfig): DynamicModule {
    return {
      module: BenchAppModule,
      imports: [...authImports(config), ...(config.graphql ? [demoGraphqlModule(config.platform)] : [])],
      controllers: [
        HealthController,
        AgentsController,
        ...(servesOwnedAgents(config) ? [OwnedAgentsController] : []),
        ...(config.app === 'jwt-hs256-redis' ? [TicketedAgentsController] : []),
      ],
      providers: [AgentsService, ...(config.graphql ? [AgentsResolver] : []), ...authProviders(config)],
    };
  }
}

/** The owned-agents route needs an ownership resolver: served by the authorization app and by the no-guard baseline. */
function servesOwnedAgents(config: BenchServerConfig): boolean {
  return config.app === 'none' || config.app === 'jwt-hs256-authorized';
}

function authImports(config: BenchServerConfig): Array<DynamicModule | Type> {
  if (config.app === 'none' || config.app === 'noop-guard') return [];
  if (config.app === 'docs-recipe') return [PassportModule];
  if (config.app === 'jwt-hs256-redis') return [AgentAuthModule.forRootAsync({ useFactory: () => redisOptions(config) })];
  return [AgentAuthModule.forRoot({ ...agentAuthOptions(config), principalContext: config.app === 'jwt-hs256-scope' })];
}

/**
 * HS256 with the revocation and ticket stores on the driver's redis-server (never closed: the process ends with the
 * run). No brute-force throttling: its lookup is a Redis GET on every guarded request, which would hide what these
 * modes measure (and it would block the ticket mode's refused tickets).
 */
async function redisOptions(config: BenchServerConfig): Promise<AgentAuthModuleOptions> {
  const redis = await connectRedisStores({ url: config.redisUrl });
  return {
    jwt: { secret: config.secret },
    publicRoutes: ['GET /health'],
    streaming: { ticketStore: redis.tickets },
    revocation: { store: redis.revocations },
  };
}

/**
 * The providers a mode adds. Apps without `AgentAuthModule` get a bare {@link CurrentAuth}, which the demo's
 * services inject (it finds no principal there; the benchmarked routes do not ask for one).
 */
function authProviders(config: BenchServerConfig): Provider[] {
  if (config.app === 'none') return [CurrentAuth];
  if (config.app === 'noop-guard') return [CurrentAuth, { provide: APP_GUARD, useClass: NoopGuard }];
  if (config.app === 'jwt-hs256-authorized') return [{ provide: OwnershipResolver, useClass: BenchOwnership }];
  if (config.app !== 'docs-recipe') return [];
  return [
    CurrentAuth,
    { provide: DocsRecipeJwtStrategy, useFactory: () => new DocsRecipeJwtStrategy(config.secret) },
    { provide: APP_GUARD, useClass: DocsRecipeJwtGuard },
  ];
}

function agentAuthOptions(config: BenchServerConfig): AgentAuthModuleOptions {
  const publicRoutes = ['GET /health'];
  const apiKey = { keys: [{ id: 'bench-bot', key: config.apiKey, roles: ['runner'] }] };
  switch (config.app) {
    case 'jwt-hs256':
    case 'jwt-hs256-scope':
      return { jwt: { secret: config.secret }, publicRoutes };
    case 'jwt-hs256-authorized':
      return { jwt: { secret: config.secret }, publicRoutes, rolePermissions: { operator: ['agents:*:read'] } };
    case 'jwt-rs256':
      return { jwt: { publicKey: config.publicKeyPem, algorithms: ['RS256'] }, publicRoutes };
    case 'api-key':
      return { apiKey, publicRoutes };
    case 'jwt+api-key':
      return { jwt: { secret: config.secret }, apiKey, publicRoutes };
    default:
      throw new Error(`no AgentAuthModule options for "${config.app}"`);
  }
}
