import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { AgentAuthModule, type AgentAuthModuleOptions } from 'nest-agent-auth';
import { AgentsController } from '../../src/agents/agents.controller.js';
import { AgentsService } from '../../src/agents/agents.service.js';
import { AgentsResolver } from '../../src/graphql/agents.resolver.js';
import { demoGraphqlModule } from '../../src/graphql/graphql.module.js';
import { HealthController } from '../../src/health/health.controller.js';
import type { BenchServerConfig } from './bench-server.config.js';
import { DocsRecipeJwtGuard, DocsRecipeJwtStrategy } from './docs-recipe.js';
import { NoopGuard } from './noop.guard.js';

/** The demo agent server's controllers (and its GraphQL resolver, for GraphQL modes), secured the way one benchmark mode asks. */
@Module({})
export class BenchAppModule {
  /** The app for one mode: no guard, a no-op guard, `AgentAuthModule` with the mode's strategies, or the docs recipe. */
  static register(config: BenchServerConfig): DynamicModule {
    return {
      module: BenchAppModule,
      imports: [...authImports(config), ...(config.graphql ? [demoGraphqlModule(config.platform)] : [])],
      controllers: [HealthController, AgentsController],
      providers: [AgentsService, ...(config.graphql ? [AgentsResolver] : []), ...authProviders(config)],
    };
  }
}

function authImports(config: BenchServerConfig): Array<DynamicModule | Type> {
  if (config.app === 'none' || config.app === 'noop-guard') return [];
  if (config.app === 'docs-recipe') return [PassportModule];
  return [AgentAuthModule.forRoot(agentAuthOptions(config))];
}

function authProviders(config: BenchServerConfig): Provider[] {
  if (config.app === 'noop-guard') return [{ provide: APP_GUARD, useClass: NoopGuard }];
  if (config.app !== 'docs-recipe') return [];
  return [
    { provide: DocsRecipeJwtStrategy, useFactory: () => new DocsRecipeJwtStrategy(config.secret) },
    { provide: APP_GUARD, useClass: DocsRecipeJwtGuard },
  ];
}

function agentAuthOptions(config: BenchServerConfig): AgentAuthModuleOptions {
  const publicRoutes = ['GET /health'];
  const apiKey = { keys: [{ id: 'bench-bot', key: config.apiKey, roles: ['runner'] }] };
  switch (config.app) {
    case 'jwt-hs256':
      return { jwt: { secret: config.secret }, publicRoutes };
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
