import { ConfigurableModuleBuilder, type Provider } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AgentAuthGuard } from './guard/agent-auth.guard.js';
import type { AgentAuthModuleOptions } from './options/agent-auth-module.options.js';
import { RevocationController } from './revocation/revocation.controller.js';
import { SessionController } from './sessions/session.controller.js';
import { PrincipalScopeInterceptor } from './principal/principal-scope.interceptor.js';
import { StreamTicketController } from './streaming/stream-ticket.controller.js';

/** Options of `forRoot` / `forRootAsync` that shape the module itself rather than authentication. */
export interface AgentAuthModuleExtras {
  /** Make the module global. @default true */
  isGlobal?: boolean;
  /** Register {@link AgentAuthGuard} as `APP_GUARD`, protecting every route of the app. @default true */
  globalGuard?: boolean;
  /** Serve `POST /auth/stream-tickets`, which issues single-use stream tickets to authenticated callers. @default false */
  streamTicketRoute?: boolean;
  /** Serve `POST /auth/revoke` (RFC 7009 request shape), where an authenticated caller revokes its own token. @default false */
  revocationRoute?: boolean;
  /** Serve `GET /auth/login`, `GET /auth/callback`, `GET /auth/session` and `POST /auth/logout` (browser sessions). @default false */
  sessionRoutes?: boolean;
  /**
   * Run every handler inside its request's principal scope ({@link PrincipalScopeInterceptor} as `APP_INTERCEPTOR`),
   * so `currentAuth()`, `CurrentAuth` and `AuthorizationService` read the principal from any code the request runs.
   * Off by default: on Node 20 and 22, once a process enters one AsyncLocalStorage scope every promise it creates
   * pays for Node's promise hooks, which apps that never read the principal this way should not pay. @default false
   */
  principalContext?: boolean;
}

const GLOBAL_GUARD: Provider = { provide: APP_GUARD, useExisting: AgentAuthGuard };
const PRINCIPAL_SCOPE: Provider[] = [PrincipalScopeInterceptor, { provide: APP_INTERCEPTOR, useExisting: PrincipalScopeInterceptor }];

export const {
  ConfigurableModuleClass: ConfigurableAgentAuthModule,
  MODULE_OPTIONS_TOKEN: AGENT_AUTH_RAW_OPTIONS,
  OPTIONS_TYPE: AGENT_AUTH_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: AGENT_AUTH_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<AgentAuthModuleOptions>({ moduleName: 'AgentAuth' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createAgentAuthOptions')
  .setExtras<AgentAuthModuleExtras>(
    { isGlobal: true, globalGuard: true, streamTicketRoute: false, revocationRoute: false, sessionRoutes: false, principalContext: false },
    // `{ ...defaults, ...given }` keeps a switch given as undefined (an unset setting) as undefined: only `false` turns
    // a default-on switch off and only `true` a default-off one on, so an unset `globalGuard` never leaves the app unguarded.
    (definition, extras) => ({
      ...definition,
      global: extras.isGlobal !== false,
      providers: [
        ...(definition.providers ?? []),
        ...(extras.globalGuard !== false ? [GLOBAL_GUARD] : []),
        ...(extras.principalContext === true ? PRINCIPAL_SCOPE : []),
      ],
      controllers: [
        ...(definition.controllers ?? []),
        ...(extras.streamTicketRoute === true ? [StreamTicketController] : []),
        ...(extras.revocationRoute === true ? [RevocationController] : []),
        ...(extras.sessionRoutes === true ? [SessionController] : []),
      ],
    }),
  )
  .build();
