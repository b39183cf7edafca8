import { ConfigurableModuleBuilder, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AgentAuthGuard } from './guard/agent-auth.guard.js';
import type { AgentAuthModuleOptions } from './options/agent-auth-module.options.js';
import { SessionController } from './sessions/session.controller.js';
import { StreamTicketController } from './streaming/stream-ticket.controller.js';

/** Options of `forRoot` / `forRootAsync` that shape the module itself rather than authentication. */
export interface AgentAuthModuleExtras {
  /** Make the module global. @default true */
  isGlobal?: boolean;
  /** Register {@link AgentAuthGuard} as `APP_GUARD`, protecting every route of the app. @default true */
  globalGuard?: boolean;
  /** Serve `POST /auth/stream-tickets`, which issues single-use stream tickets to authenticated callers. @default false */
  streamTicketRoute?: boolean;
  /** Serve `GET /auth/login`, `GET /auth/callback`, `GET /auth/session` and `POST /auth/logout` (browser sessions). @default false */
  sessionRoutes?: boolean;
}

const GLOBAL_GUARD: Provider = { provide: APP_GUARD, useExisting: AgentAuthGuard };

export const {
  ConfigurableModuleClass: ConfigurableAgentAuthModule,
  MODULE_OPTIONS_TOKEN: AGENT_AUTH_RAW_OPTIONS,
  OPTIONS_TYPE: AGENT_AUTH_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: AGENT_AUTH_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<AgentAuthModuleOptions>({ moduleName: 'AgentAuth' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createAgentAuthOptions')
  .setExtras<AgentAuthModuleExtras>({ isGlobal: true, globalGuard: true, streamTicketRoute: false, sessionRoutes: false }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
    providers: extras.globalGuard ? [...(definition.providers ?? []), GLOBAL_GUARD] : definition.providers,
    controllers: [
      ...(definition.controllers ?? []),
      ...(extras.streamTicketRoute ? [StreamTicketController] : []),
      ...(extras.sessionRoutes ? [SessionController] : []),
    ],
  }))
  .build();
